using Broker.Storage.Postgres;

namespace Broker.Tests.Cluster;

/// <summary>
/// A schema of its own in the PostgreSQL database <c>BROKER_TEST_POSTGRES</c> names (<c>.ci/postgres.sh</c> provides
/// one), dropped at the end; the test is skipped when the variable is unset.
/// </summary>
internal sealed class ClusterDatabase : IAsyncDisposable
{
    private const string ConnectionVariable = "BROKER_TEST_POSTGRES";

    private ClusterDatabase(PostgresStoreOptions options) => Options = options;

    public PostgresStoreOptions Options { get; }

    public static bool IsConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ConnectionVariable));

    /// <summary>Skips the running test when no PostgreSQL is configured.</summary>
    public static void SkipUnlessConfigured()
    {
        if (!IsConfigured)
        {
            Assert.Skip($"{ConnectionVariable} is not set: run `eval \"$(bash .ci/postgres.sh | tail -1)\"` to test the cluster membership in PostgreSQL");
        }
    }

    public static ClusterDatabase Create()
    {
        SkipUnlessConfigured();
        return new ClusterDatabase(new PostgresStoreOptions
        {
            ConnectionString = Environment.GetEnvironmentVariable(ConnectionVariable)!,
            Schema = "broker_cluster_" + Guid.NewGuid().ToString("N"),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await using var dropper = PostgresBackend.Create(Options);
        await ((PostgresStoreAdmin)dropper.Admin).DropSchemaAsync(CancellationToken.None);
    }
}
