using Broker.Storage.Relational;
namespace Broker.Storage.Sqlite;

/// <summary>
/// Builds the SQLite backend (<c>Storage:Provider=sqlite</c>). Call <see cref="IStoreAdmin.MigrateAsync"/> before use
/// and dispose the backend at shutdown.
/// </summary>
public static class SqliteBackend
{
    public static StorageBackend Create(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Path);
        var database = new SqliteDatabase(options.Path);
        return new StorageBackend(
            new RelationalUserStore(database, SqliteQueries.Users, SqliteQueries.Credentials, SqliteQueries.Tags),
            new RelationalTopicStore(database, SqliteQueries.Topics, SqliteQueries.Tags),
            new RelationalSubscriptionStore(database, SqliteQueries.Subscriptions),
            new RelationalMessageStore(database, SqliteQueries.Messages, new SqliteAppendCommitter(database), singleWriter: true),
            new RelationalOutboxStore(database, CommonQueries.Outbox),
            new SqliteStoreAdmin(database))
        {
            Tags = new RelationalTagIndex(database, SqliteQueries.Tags, options.CommonTagHolders),
            Files = new RelationalFileStore(database),
            Reports = new RelationalReportStore(database),
            DatabaseBlobs = new Blobs.DatabaseBlobStore(database),
        };
    }
}
