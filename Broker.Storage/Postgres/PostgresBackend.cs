using Broker.Storage.Relational;
using System.Text.RegularExpressions;
using Npgsql;

namespace Broker.Storage.Postgres;

/// <summary>
/// Builds the PostgreSQL backend (<c>Storage:Provider=postgres</c>). Several broker nodes may share one database:
/// the store assigns message seqs under the topic's row lock, and migrations take an advisory lock. Call
/// <see cref="IStoreAdmin.MigrateAsync"/> before use and dispose the backend at shutdown.
/// </summary>
public static partial class PostgresBackend
{
    public static StorageBackend Create(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        if (options.Schema is { } schema && !SchemaName().IsMatch(schema))
        {
            throw new ArgumentException($"schema name '{schema}' must be lower-case letters, digits and underscores", nameof(options));
        }

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        if (options.Schema is not null)
        {
            builder.ConnectionStringBuilder.SearchPath = options.Schema;
        }

        var database = new PostgresDatabase(builder.Build(), options.Schema);
        return new StorageBackend(
            new RelationalUserStore(database, PostgresQueries.Users),
            new PostgresTopicStore(database),
            new RelationalSubscriptionStore(database, PostgresQueries.Subscriptions),
            new PostgresMessageStore(database),
            new PostgresStoreAdmin(database))
        {
            Files = new RelationalFileStore(database),
            DatabaseBlobs = new Blobs.DatabaseBlobStore(database),
        };
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
