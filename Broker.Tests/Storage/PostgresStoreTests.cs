using Broker.Storage;
using Broker.Storage.Postgres;

namespace Broker.Tests.Storage;

/// <summary>
/// The conformance suite on PostgreSQL, in a schema of its own per test, when <c>BROKER_TEST_POSTGRES</c> holds a
/// connection string (<c>.ci/postgres.sh</c> provides one); skipped otherwise.
/// </summary>
public sealed class PostgresStoreTests : StoreConformanceTests
{
    /// <summary>Every embedded migration of the dialect, in order: what a migrated database records.</summary>
    private static IEnumerable<int> EmbeddedMigrationVersions =>
        Broker.Storage.Relational.MigrationScripts.Load(Broker.Storage.Postgres.PostgresQueries.MigrationResourcePrefix).Select(m => m.Version);

    private const string ConnectionVariable = "BROKER_TEST_POSTGRES";

    private readonly string schema = "broker_test_" + Guid.NewGuid().ToString("N");
    private StorageBackend? owner;

    protected override ValueTask<StorageBackend> CreateBackendAsync()
    {
        owner = Create();
        return ValueTask.FromResult(owner);
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (owner is null)
        {
            return;
        }

        await using var dropper = Create();
        await ((PostgresStoreAdmin)dropper.Admin).DropSchemaAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Migrations_run_twice_are_idempotent_and_recorded()
    {
        var admin = (PostgresStoreAdmin)Backend.Admin;

        await admin.MigrateAsync(Ct);

        Assert.Equal(EmbeddedMigrationVersions, await admin.GetSchemaVersionsAsync(Ct));
    }

    [Fact]
    public async Task A_search_with_one_common_tag_reads_few_of_its_holders_and_finds_what_the_full_search_finds()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable)!;
        await using var fewHolders = PostgresBackend.Create(new PostgresStoreOptions { ConnectionString = connectionString, Schema = schema, CommonTagHolders = 2 });

        await AssertCommonTagSearchFindsWhatTheFullSearchFindsAsync(fewHolders.Tags);
    }

    [Fact]
    public async Task Nodes_starting_together_apply_each_migration_once()
    {
        await using var fresh = new FreshSchema();
        var nodes = Enumerable.Range(0, 4).Select(_ => fresh.Create()).ToList();

        await Within(Task.WhenAll(nodes.Select(n => n.Admin.MigrateAsync(Ct))), TimeSpan.FromSeconds(60), "4 nodes to migrate one schema");

        Assert.Equal(EmbeddedMigrationVersions, await ((PostgresStoreAdmin)nodes[0].Admin).GetSchemaVersionsAsync(Ct));
        await nodes[1].Topics.CreateAsync(Topic("grpShared"), [], Ct);
        Assert.Equal(1, await FirstSeq(nodes[2].Messages.AppendAsync("grpShared", Drafts(2), Ct)));
        Assert.Equal(3, await FirstSeq(nodes[3].Messages.AppendAsync("grpShared", Drafts(1), Ct)));
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_backup_is_left_to_pg_dump()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Backend.Admin.BackupAsync(Path.Combine(Path.GetTempPath(), "never.db"), Ct));

        Assert.Contains("pg_dump", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nodes_resending_one_key_at_once_store_it_once()
    {
        var nodes = Enumerable.Range(0, 4).Select(_ => Create()).ToList();
        await Backend.Topics.CreateAsync(Topic("grpShared"), [], Ct);

        var sends = nodes.SelectMany(node => Enumerable.Range(0, 3).Select(i => node.Messages.AppendAsync("grpShared", [Keyed(5, i, "once")], Ct)));
        var results = await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.All(results, r => Assert.Equal(1, r.Messages[0].Seq));
        Assert.Single(results, r => !r.Messages[0].Duplicate);
        Assert.Equal(1, (await Backend.Topics.GetAsync("grpShared", Ct))!.Seq);
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>The version of every embedded PostgreSQL migration, oldest first.</summary>
    private static int[] AllMigrations => [.. Broker.Storage.Relational.MigrationScripts.Load(PostgresQueries.MigrationResourcePrefix).Select(m => m.Version)];

    private StorageBackend Create() => Create(schema);

    private static StorageBackend Create(string schema)
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Assert.Skip($"{ConnectionVariable} is not set: run `eval \"$(bash .ci/postgres.sh | tail -1)\"` to test PostgreSQL");
        }

        return PostgresBackend.Create(new PostgresStoreOptions { ConnectionString = connectionString, Schema = schema });
    }

    /// <summary>A second schema, not yet migrated, dropped at the end.</summary>
    private sealed class FreshSchema : IAsyncDisposable
    {
        private readonly string name = "broker_test_" + Guid.NewGuid().ToString("N");

        public StorageBackend Create() => PostgresStoreTests.Create(name);

        public async ValueTask DisposeAsync()
        {
            await using var dropper = Create();
            await ((PostgresStoreAdmin)dropper.Admin).DropSchemaAsync(CancellationToken.None);
        }
    }
}
