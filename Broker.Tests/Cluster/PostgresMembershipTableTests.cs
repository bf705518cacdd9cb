using System.Net;
using Broker.Cluster;
using Broker.Storage.Postgres;
using Broker.Storage.Postgres.Membership;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Broker.Tests.Cluster;

/// <summary>
/// Our Orleans membership table against a real PostgreSQL: what Orleans' membership protocol relies on, in the
/// spirit of Orleans' own MembershipTableTestsBase. The tests share one migrated schema; each is a cluster of its own.
/// </summary>
public sealed class PostgresMembershipTableTests(PostgresMembershipTableTests.Schema schema) : IAsyncLifetime, IClassFixture<PostgresMembershipTableTests.Schema>
{
    private static int generation = Environment.TickCount & 0xFFFFF;

    private readonly string clusterId = "test-" + Guid.NewGuid().ToString("N");
    private PostgresMembershipTable? table;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PostgresMembershipTable Table => table ?? throw new InvalidOperationException("not initialized");

    public async ValueTask InitializeAsync()
    {
        ClusterDatabase.SkipUnlessConfigured();
        table = CreateTable(schema.Store, clusterId);
        await table.InitializeMembershipTable(true);
    }

    public async ValueTask DisposeAsync()
    {
        if (table is not null)
        {
            await table.DeleteMembershipTableEntries(clusterId);
        }
    }

    [Fact]
    public async Task Initializing_creates_the_tables_by_migration_0010_and_an_empty_version_0()
    {
        await using var backend = PostgresBackend.Create(schema.Database.Options);
        Assert.Contains(10, await ((PostgresStoreAdmin)backend.Admin).GetSchemaVersionsAsync(Ct));

        await Table.InitializeMembershipTable(true);
        var data = await Table.ReadAll();

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.False(string.IsNullOrEmpty(data.Version.VersionEtag));
    }

    [Fact]
    public async Task An_inserted_entry_reads_back_whole_from_read_all_and_read_row()
    {
        var entry = Entry(SiloStatus.Joining);
        entry.RoleName = "broker";
        entry.UpdateZone = 2;
        entry.FaultZone = 3;
        entry.SuspectTimes = [Tuple.Create(Silo(), Now().AddSeconds(1)), Tuple.Create(Silo(), Now().AddSeconds(2))];
        var empty = await Table.ReadAll();

        Assert.True(await Table.InsertRow(entry, empty.Version.Next()));

        var all = await Table.ReadAll();
        var row = await Table.ReadRow(entry.SiloAddress);
        Assert.Equal(1, all.Version.Version);
        Assert.NotEqual(empty.Version.VersionEtag, all.Version.VersionEtag);
        Assert.Equal(all.Version, row.Version);
        var (read, etag) = Assert.Single(all.Members);
        Assert.Equal(entry.ToFullString(), read.ToFullString());
        Assert.Equal(entry.StartTime, read.StartTime);
        Assert.Equal(entry.IAmAliveTime, read.IAmAliveTime);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(entry.ToFullString(), Assert.Single(row.Members).Item1.ToFullString());
        Assert.Equal(etag, row.Members[0].Item2);
    }

    [Fact]
    public async Task Reading_a_silo_that_is_not_there_returns_no_entry_and_the_version()
    {
        await Table.InsertRow(Entry(SiloStatus.Active), (await Table.ReadAll()).Version.Next());

        var data = await Table.ReadRow(Silo());

        Assert.Empty(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task An_insert_with_a_stale_table_version_fails_and_changes_nothing()
    {
        var first = Entry(SiloStatus.Joining);
        var stale = (await Table.ReadAll()).Version.Next();
        Assert.True(await Table.InsertRow(first, stale));

        Assert.False(await Table.InsertRow(Entry(SiloStatus.Joining), stale), "a new entry with the old table version");
        Assert.False(await Table.InsertRow(first, stale), "the same entry with the old table version");
        var current = await Table.ReadAll();
        Assert.False(await Table.InsertRow(first, current.Version.Next()), "a duplicate entry with the current table version");
        Assert.False(await Table.InsertRow(Entry(SiloStatus.Joining), new TableVersion(current.Version.Version + 1, "not-an-etag")), "an etag that is not ours");

        var after = await Table.ReadAll();
        Assert.Single(after.Members);
        Assert.Equal(current.Version, after.Version);
    }

    [Fact]
    public async Task An_update_needs_the_current_table_version_and_row_etag_and_bumps_both()
    {
        var entry = Entry(SiloStatus.Joining);
        var insertVersion = (await Table.ReadAll()).Version.Next();
        Assert.True(await Table.InsertRow(entry, insertVersion));
        var read = await Table.ReadAll();
        var etag = Row(read, entry.SiloAddress).Item2;
        entry.Status = SiloStatus.Active;

        Assert.False(await Table.UpdateRow(entry, etag, insertVersion.Next()), "the table version the insert used (stale)");
        Assert.True(await Table.UpdateRow(entry, etag, read.Version.Next()));
        Assert.False(await Table.UpdateRow(entry, etag, read.Version.Next()), "the same update again: both etags are stale now");
        var updated = await Table.ReadAll();
        var newEtag = Row(updated, entry.SiloAddress).Item2;
        Assert.False(await Table.UpdateRow(entry, etag, updated.Version.Next()), "the old row etag with the current table version");
        Assert.False(await Table.UpdateRow(Entry(SiloStatus.Active), newEtag, updated.Version.Next()), "a silo that is not in the table");

        var after = await Table.ReadAll();
        Assert.Equal(2, after.Version.Version);
        Assert.NotEqual(etag, newEtag);
        Assert.Equal(newEtag, Row(after, entry.SiloAddress).Item2);
        Assert.Equal(SiloStatus.Active, Assert.Single(after.Members).Item1.Status);
    }

    [Fact]
    public async Task Of_20_parallel_inserts_with_the_same_table_version_exactly_one_wins()
    {
        var version = (await Table.ReadAll()).Version.Next();
        var entries = Enumerable.Range(0, 20).Select(_ => Entry(SiloStatus.Joining)).ToList();

        var results = await Task.WhenAll(entries.Select(e => Table.InsertRow(e, version))).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(1, results.Count(won => won));
        var data = await Table.ReadAll();
        Assert.Equal(entries[Array.IndexOf(results, true)].SiloAddress, Assert.Single(data.Members).Item1.SiloAddress);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task Nineteen_writers_that_retry_on_a_stale_version_each_land_exactly_one_update()
    {
        var entry = Entry(SiloStatus.Joining);
        Assert.True(await Table.InsertRow(entry, (await Table.ReadAll()).Version.Next()));
        var attempts = 0;

        await Task.WhenAll(Enumerable.Range(0, 19).Select(async writer =>
        {
            while (true)
            {
                Interlocked.Increment(ref attempts);
                var data = await Table.ReadAll();
                var (current, etag) = Row(data, entry.SiloAddress);
                current.HostName = "writer-" + writer;
                if (await Table.UpdateRow(current, etag, data.Version.Next()))
                {
                    return;
                }
            }
        })).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        var after = await Table.ReadAll();
        Assert.Equal(20, after.Version.Version);
        Assert.StartsWith("writer-", Assert.Single(after.Members).Item1.HostName, StringComparison.Ordinal);
        Assert.True(attempts >= 19);
    }

    [Fact]
    public async Task I_am_alive_writes_only_the_heartbeat_and_keeps_both_etags_usable()
    {
        var entry = Entry(SiloStatus.Active);
        Assert.True(await Table.InsertRow(entry, (await Table.ReadAll()).Version.Next()));
        var before = await Table.ReadAll();
        var etag = Row(before, entry.SiloAddress).Item2;
        var alive = Now().AddSeconds(5);

        // What Orleans passes: the address and the new time, nothing else.
        await Table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive });

        var after = await Table.ReadAll();
        var (read, etagAfter) = Row(after, entry.SiloAddress);
        Assert.Equal(alive, read.IAmAliveTime);
        Assert.Equal(entry.StartTime, read.StartTime);
        Assert.Equal(SiloStatus.Active, read.Status);
        Assert.Equal(entry.HostName, read.HostName);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(etag, etagAfter);
        entry.Status = SiloStatus.ShuttingDown;
        Assert.True(await Table.UpdateRow(entry, etag, before.Version.Next()), "the etags read before the heartbeat still update the row");
    }

    [Fact]
    public async Task Cleanup_removes_old_entries_that_are_not_active_and_keeps_the_rest()
    {
        var cutoff = Now().AddDays(-3);
        var kept = new List<SiloAddress>();
        var removed = new List<SiloAddress>();
        foreach (var status in Enum.GetValues<SiloStatus>())
        {
            var old = Entry(status, Now().AddDays(-10));
            await Insert(old);
            (status == SiloStatus.Active ? kept : removed).Add(old.SiloAddress);
        }

        var fresh = Entry(SiloStatus.Dead);
        await Insert(fresh);
        kept.Add(fresh.SiloAddress);
        var recentlyDeclaredDead = Entry(SiloStatus.Dead, Now().AddDays(-10));
        recentlyDeclaredDead.SuspectTimes = [Tuple.Create(Silo(), Now().AddMinutes(-1))];
        await Insert(recentlyDeclaredDead);
        kept.Add(recentlyDeclaredDead.SiloAddress);
        var versionBefore = (await Table.ReadAll()).Version;

        await Table.CleanupDefunctSiloEntries(new DateTimeOffset(cutoff));

        var after = await Table.ReadAll();
        Assert.Equal(kept.Order(), after.Members.Select(m => m.Item1.SiloAddress).Order());
        Assert.DoesNotContain(after.Members, m => removed.Contains(m.Item1.SiloAddress));
        Assert.Equal(versionBefore, after.Version);
    }

    [Fact]
    public async Task Clusters_sharing_a_database_see_only_their_own_silos_and_are_deleted_alone()
    {
        var other = CreateTable(schema.Store, clusterId + "-other");
        await other.InitializeMembershipTable(true);
        var mine = Entry(SiloStatus.Active);
        var theirs = Entry(SiloStatus.Active);
        await Insert(mine);
        Assert.True(await other.InsertRow(theirs, (await other.ReadAll()).Version.Next()));

        Assert.Equal(mine.SiloAddress, Assert.Single((await Table.ReadAll()).Members).Item1.SiloAddress);
        Assert.Empty((await other.ReadRow(mine.SiloAddress)).Members);

        await Table.DeleteMembershipTableEntries(clusterId + "-other");
        await other.InitializeMembershipTable(true);

        Assert.Empty((await other.ReadAll()).Members);
        Assert.Single((await Table.ReadAll()).Members);
    }

    private static Tuple<MembershipEntry, string> Row(MembershipTableData data, SiloAddress silo) =>
        data.TryGet(silo) ?? throw new Xunit.Sdk.XunitException($"{silo} is not in the table: {data}");

    private static PostgresMembershipTable CreateTable(PostgresMembershipStore store, string cluster) =>
        new(store, Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = cluster, ServiceId = cluster }));

    private async Task Insert(MembershipEntry entry) =>
        Assert.True(await Table.InsertRow(entry, (await Table.ReadAll()).Version.Next()));

    private static MembershipEntry Entry(SiloStatus status, DateTime? at = null)
    {
        var silo = Silo();
        return new MembershipEntry
        {
            SiloAddress = silo,
            HostName = Dns.GetHostName(),
            SiloName = "silo-" + silo.Generation,
            Status = status,
            ProxyPort = 0,
            StartTime = at ?? Now(),
            IAmAliveTime = at ?? Now(),
        };
    }

    private static SiloAddress Silo() => SiloAddress.New(IPAddress.Loopback, 12345, Interlocked.Increment(ref generation));

    /// <summary>One schema for the class, migrated by the first initialization, dropped at the end.</summary>
    public sealed class Schema : IAsyncLifetime
    {
        private ClusterDatabase? database;
        private PostgresMembershipStore? store;

        internal ClusterDatabase Database => database ?? throw new InvalidOperationException("not initialized");

        internal PostgresMembershipStore Store => store ?? throw new InvalidOperationException("not initialized");

        public ValueTask InitializeAsync()
        {
            if (ClusterDatabase.IsConfigured)
            {
                database = ClusterDatabase.Create();
                store = PostgresBackend.CreateMembershipStore(database.Options);
            }

            return ValueTask.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }

            if (database is not null)
            {
                await database.DisposeAsync();
            }
        }
    }

    /// <summary>Millisecond precision, as stored.</summary>
    private static DateTime Now() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).UtcDateTime;
}
