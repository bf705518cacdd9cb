using LiteDB;
using static Broker.Storage.LiteDb.LiteDbCollections;

namespace Broker.Storage.LiteDb;

internal sealed class LiteDbStoreAdmin(LiteDbDatabase database) : IStoreAdmin, IAsyncDisposable
{
    public string Name => "litedb";

    /// <summary>
    /// LiteDB is schemaless: "migrating" creates the secondary indexes (a no-op when they exist) and records the
    /// schema version in its own collection, so that a later layout change knows what it starts from.
    /// </summary>
    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                foreach (var (collection, field) in Indexes)
                {
                    db.GetCollection(collection).EnsureIndex(field, "$." + field);
                }

                var versions = db.GetCollection(SchemaVersion);
                var current = versions.FindById(1)?["version"].AsInt32 ?? 0;
                if (current < 2)
                {
                    LiteDbTagRows.Rebuild(db);
                }

                if (current < 3)
                {
                    LiteDbTagRows.AddLoginTags(db);
                }

                if (current < CurrentSchemaVersion)
                {
                    versions.Upsert(new BsonDocument { ["_id"] = 1, ["version"] = CurrentSchemaVersion, ["applied"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
                }
            },
            cancellationToken);
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(database.Read(db =>
            {
                db.GetCollection(SchemaVersion).FindById(1);
                return true;
            }));
        }
        catch (Exception ex) when (ex is LiteException or ObjectDisposedException or IOException)
        {
            return Task.FromResult(false);
        }
    }

    /// <summary>A consistent online copy: a checkpoint, then the data file copied while writes wait (see <see cref="LiteDbDatabase.BackupAsync"/>).</summary>
    public Task BackupAsync(string destinationPath, CancellationToken cancellationToken) => database.BackupAsync(destinationPath, cancellationToken);

    /// <summary>How many times the journal was fsynced so far.</summary>
    internal long JournalSyncs => database.JournalSyncs;

    /// <summary>The recorded schema version (0 before the first migration).</summary>
    internal int GetSchemaVersion() => database.Read(db => db.GetCollection(SchemaVersion).FindById(1)?["version"].AsInt32 ?? 0);

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
