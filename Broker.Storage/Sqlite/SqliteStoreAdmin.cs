using Broker.Storage.Relational;
using Dapper;

namespace Broker.Storage.Sqlite;

internal sealed class SqliteStoreAdmin(SqliteDatabase database) : IStoreAdmin, IAsyncDisposable
{
    private static readonly Lazy<IReadOnlyList<MigrationScript>> Migrations = new(() => MigrationScripts.Load(SqliteQueries.MigrationResourcePrefix));

    public string Name => "sqlite";

    /// <summary>
    /// Applies the embedded migrations not recorded as applied (by version, not only the newest: migrations merged
    /// from parallel work may fill a gap below it), each in its own transaction. The record is re-read inside the
    /// (immediate, so exclusive) transaction: another process migrating the same file at the same time cannot make a
    /// script run twice.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(SqliteQueries.CreateSchemaVersion, transaction: transaction, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);

        foreach (var migration in Migrations.Value)
        {
            await database.WriteAsync(
                async (connection, transaction) =>
                {
                    var applied = await connection.ExecuteScalarAsync<long>(new CommandDefinition(SqliteQueries.SelectSchemaVersionApplied, new { migration.Version }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    if (applied > 0)
                    {
                        return;
                    }

                    await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await connection.ExecuteAsync(new CommandDefinition(
                        CommonQueries.InsertSchemaVersion,
                        new { migration.Version, migration.Name, Applied = UnixTime.ToMs(DateTime.UtcNow) },
                        transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            var one = await database.ReadAsync(
                connection => connection.ExecuteScalarAsync<long>(new CommandDefinition(CommonQueries.Ping, cancellationToken: cancellationToken)),
                cancellationToken).ConfigureAwait(false);
            return one == 1;
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException)
        {
            return false;
        }
    }

    public Task BackupAsync(string destinationPath, CancellationToken cancellationToken) => database.BackupAsync(destinationPath, cancellationToken);

    /// <summary>The applied migration versions, oldest first.</summary>
    internal Task<IReadOnlyList<int>> GetSchemaVersionsAsync(CancellationToken cancellationToken)
    {
        return database.ReadAsync<IReadOnlyList<int>>(
            async connection => [.. await connection.QueryAsync<int>(new CommandDefinition(CommonQueries.SelectSchemaVersions, cancellationToken: cancellationToken)).ConfigureAwait(false)],
            cancellationToken);
    }

    /// <summary>The writer connection's journal mode and synchronous level (2 = FULL).</summary>
    internal Task<(string JournalMode, long Synchronous)> GetDurabilityAsync(CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var mode = await connection.ExecuteScalarAsync<string>(new CommandDefinition(SqliteQueries.JournalMode, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var synchronous = await connection.ExecuteScalarAsync<long>(new CommandDefinition(SqliteQueries.Synchronous, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return (mode ?? string.Empty, synchronous);
            },
            cancellationToken);
    }

    /// <summary>The detail lines of SQLite's plan for one history query window.</summary>
    internal Task<IReadOnlyList<string>> ExplainMessageQueryAsync(CancellationToken cancellationToken)
    {
        return database.ReadAsync<IReadOnlyList<string>>(
            async connection =>
            {
                var rows = await connection.QueryAsync(new CommandDefinition(
                    SqliteQueries.ExplainSelectMessages,
                    new { Topic = "grpAlpha", ForUser = 1L, Low = 1L, Hi = long.MaxValue, Limit = 10 },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return [.. rows.Select(row => (string)((IDictionary<string, object>)row)["detail"])];
            },
            cancellationToken);
    }

    /// <summary>The plan of a two-term tag search, for the test that proves it looks the terms up by key.</summary>
    internal Task<IReadOnlyList<string>> ExplainTagSearchAsync(CancellationToken cancellationToken)
    {
        var search = new TagSearch { Required = [["alias:alice", "alice"]], Optional = ["tel:+15550100"], Limit = 10 };
        return database.ReadAsync<IReadOnlyList<string>>(
            async connection =>
            {
                var rows = await connection.QueryAsync(new CommandDefinition(
                    SqliteQueries.ExplainFindByTags,
                    new { Terms = Relational.TagTermsJson.Serialize(search.Terms()), Groups = 1, Caller = 0L, Limit = 10 },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return [.. rows.Select(row => (string)((IDictionary<string, object>)row)["detail"])];
            },
            cancellationToken);
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
