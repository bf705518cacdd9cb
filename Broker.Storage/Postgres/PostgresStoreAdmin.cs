using Broker.Storage.Relational;
using Dapper;
using Npgsql;

namespace Broker.Storage.Postgres;

internal sealed class PostgresStoreAdmin(PostgresDatabase database) : IStoreAdmin, IAsyncDisposable
{
    private static readonly Lazy<IReadOnlyList<MigrationScript>> Migrations = new(() => MigrationScripts.Load(PostgresQueries.MigrationResourcePrefix));

    public string Name => "postgres";

    /// <summary>
    /// Applies the embedded migrations not recorded as applied (by version: migrations merged from parallel work may
    /// fill a gap below the newest) in one transaction that first takes
    /// an advisory lock, so nodes starting together migrate one after the other and the later ones find nothing to do.
    /// PostgreSQL's DDL is transactional: a failing script leaves the schema as it was.
    /// </summary>
    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(PostgresQueries.LockMigrations, new { Key = PostgresQueries.MigrationLockKey }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (database.Schema is { } schema)
                {
                    await ExecuteFormattedAsync(connection, transaction, PostgresQueries.FormatCreateSchema, schema, cancellationToken).ConfigureAwait(false);
                }

                await connection.ExecuteAsync(new CommandDefinition(PostgresQueries.CreateSchemaVersion, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var applied = (await connection.QueryAsync<int>(new CommandDefinition(CommonQueries.SelectSchemaVersions, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet();
                foreach (var migration in Migrations.Value)
                {
                    if (applied.Contains(migration.Version))
                    {
                        continue;
                    }

                    await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await connection.ExecuteAsync(new CommandDefinition(
                        CommonQueries.InsertSchemaVersion,
                        new { migration.Version, migration.Name, Applied = UnixTime.ToMs(DateTime.UtcNow) },
                        transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            var one = await database.ReadAsync(
                connection => connection.ExecuteScalarAsync<int>(new CommandDefinition(CommonQueries.Ping, cancellationToken: cancellationToken)),
                cancellationToken).ConfigureAwait(false);
            return one == 1;
        }
        catch (Exception ex) when (ex is NpgsqlException or ObjectDisposedException)
        {
            return false;
        }
    }

    public Task BackupAsync(string destinationPath, CancellationToken cancellationToken) =>
        Task.FromException(new NotSupportedException("a PostgreSQL store is backed up with pg_dump (see docs/operations.md)"));

    /// <summary>The applied migration versions, oldest first.</summary>
    internal Task<IReadOnlyList<int>> GetSchemaVersionsAsync(CancellationToken cancellationToken)
    {
        return database.ReadAsync<IReadOnlyList<int>>(
            async connection => [.. await connection.QueryAsync<int>(new CommandDefinition(CommonQueries.SelectSchemaVersions, cancellationToken: cancellationToken)).ConfigureAwait(false)],
            cancellationToken);
    }

    /// <summary>Drops the configured schema with everything in it (tests use a schema each).</summary>
    internal Task DropSchemaAsync(CancellationToken cancellationToken)
    {
        var schema = database.Schema ?? throw new InvalidOperationException("the backend has no schema of its own to drop");
        return database.WriteAsync(
            (connection, transaction) => ExecuteFormattedAsync(connection, transaction, PostgresQueries.FormatDropSchema, schema, cancellationToken),
            cancellationToken);
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private static async Task ExecuteFormattedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string format, string schema, CancellationToken cancellationToken)
    {
        var ddl = await connection.ExecuteScalarAsync<string>(new CommandDefinition(format, new { Schema = schema }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(ddl!, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
