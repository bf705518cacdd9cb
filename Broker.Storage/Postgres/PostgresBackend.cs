using Broker.Storage.Postgres.Membership;
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
        var database = new PostgresDatabase(BuildDataSource(options), options.Schema);
        return new StorageBackend(
            new RelationalUserStore(database, PostgresQueries.Users, PostgresQueries.Credentials, PostgresQueries.Tags),
            new RelationalTopicStore(database, PostgresQueries.Topics, PostgresQueries.Tags),
            new RelationalSubscriptionStore(database, PostgresQueries.Subscriptions),
            new RelationalMessageStore(database, PostgresQueries.Messages, new TransactionPerAppend(database), singleWriter: false),
            new RelationalOutboxStore(database, CommonQueries.Outbox),
            new PostgresStoreAdmin(database))
        {
            Tags = new RelationalTagIndex(database, PostgresQueries.Tags, options.CommonTagHolders),
            Files = new RelationalFileStore(database),
            Reports = new RelationalReportStore(database),
            DatabaseBlobs = new Blobs.DatabaseBlobStore(database),
        };
    }

    /// <summary>
    /// The cluster membership table in the same database and schema, with a data source (pool) of its own;
    /// dispose it with the silo.
    /// </summary>
    internal static PostgresMembershipStore CreateMembershipStore(PostgresStoreOptions options)
    {
        var dataSource = BuildDataSource(options);
        return new PostgresMembershipStore(dataSource, new PostgresStoreAdmin(new PostgresDatabase(dataSource, options.Schema)));
    }

    private static NpgsqlDataSource BuildDataSource(PostgresStoreOptions options)
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

        return builder.Build();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
