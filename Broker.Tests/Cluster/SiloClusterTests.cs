using System.Diagnostics;
using Broker.Cluster;
using Broker.Options;
using Broker.Storage.Postgres;
using Broker.Storage.Postgres.Membership;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Broker.Tests.Cluster;

/// <summary>
/// Three real silos wired by <see cref="ClusterSiloBuilderExtensions.UseBrokerCluster"/>, their membership in our
/// PostgreSQL table: two in this process (they call each other's grains) and a broker node as a child process
/// (<c>Cluster:Enabled=true</c>), killed with SIGKILL and declared Dead by the other two within the tuned time.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class SiloClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan DeathDeadline = TimeSpan.FromSeconds(30);

    private readonly string clusterId = "test-" + Guid.NewGuid().ToString("N");
    private readonly List<Silo> silos = [];
    private BrokerNodeProcess? node;
    private ClusterDatabase? database;
    private PostgresMembershipStore? observerStore;
    private PostgresMembershipTable? observer;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        database = ClusterDatabase.Create();
        observerStore = PostgresBackend.CreateMembershipStore(database.Options);
        observer = new PostgresMembershipTable(observerStore, Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = clusterId }));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        node?.Dispose();
        foreach (var silo in silos)
        {
            await silo.DisposeAsync();
        }

        if (observerStore is not null)
        {
            await observerStore.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Three_silos_join_in_our_table_call_each_other_and_declare_a_killed_one_dead_in_time()
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 2; i++)
        {
            silos.Add(await Silo.StartAsync(clusterId, BrokerProcess.FreePort(), database!.Options));
            TestContext.Current.TestOutputHelper?.WriteLine($"silo {i} started after {clock.Elapsed.TotalSeconds:F1} s");
        }

        var nodePort = BrokerProcess.FreePort();
        node = StartNode(nodePort);
        var joined = await WaitForTableAsync(
            table => silos.All(s => Status(table, s.Address) == SiloStatus.Active)
                && table.Members.Any(m => m.Item1.SiloAddress.Endpoint.Port == nodePort && m.Item1.Status == SiloStatus.Active),
            TimeSpan.FromSeconds(90),
            "both silos and the broker node Active in cluster_silos");
        Assert.Equal(3, joined.Members.Count);
        TestContext.Current.TestOutputHelper?.WriteLine($"three silos Active after {clock.Elapsed.TotalSeconds:F1} s");
        var victim = joined.Members.Single(m => m.Item1.SiloAddress.Endpoint.Port == nodePort).Item1.SiloAddress;

        // Random placement from silo 0 (among the silos that host the test grain, so not the broker node): some of
        // the grains run on silo 1, and silo 1 reaches each one where it is (one activation per key, whoever calls).
        var keys = Enumerable.Range(0, 24).Select(i => "probe-" + i).ToList();
        var placedFrom0 = await Task.WhenAll(keys.Select(k => silos[0].Grains.GetGrain<IProbeGrain>(k).WhereAsync().AsTask())).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var placedFrom1 = await Task.WhenAll(keys.Select(k => silos[1].Grains.GetGrain<IProbeGrain>(k).WhereAsync().AsTask())).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Contains(placedFrom0, where => where != silos[0].Address.ToParsableString());
        Assert.Equal(placedFrom0, placedFrom1);
        Assert.All(placedFrom0, where => Assert.Contains(where, silos.Select(s => s.Address.ToParsableString())));

        var survivors = silos;
        clock.Restart();
        node.Kill();

        var afterDeath = await WaitForTableAsync(table => Status(table, victim) == SiloStatus.Dead, DeathDeadline, "the killed node Dead in cluster_silos");
        var detected = clock.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"the killed node was declared Dead after {detected.TotalSeconds:F1} s");
        Assert.True(detected < DeathDeadline, $"declared dead after {detected}");
        var dead = afterDeath.TryGet(victim)!.Item1;
        Assert.Contains(dead.SuspectTimes ?? [], vote => survivors.Any(s => s.Address.Equals(vote.Item1)));
        Assert.All(survivors, s => Assert.Equal(SiloStatus.Active, Status(afterDeath, s.Address)));

        // The survivors act on it: their own view says Dead, and every probe answers again, from a survivor.
        foreach (var survivor in survivors)
        {
            await Eventually(() => Task.FromResult(survivor.Membership.CurrentSnapshot.GetSiloStatus(victim) == SiloStatus.Dead), TimeSpan.FromSeconds(15), $"{survivor.Address} to see the victim Dead");
        }

        foreach (var key in keys)
        {
            var where = await CallUntilAnsweredAsync(survivors[0].Grains.GetGrain<IProbeGrain>(key), TimeSpan.FromSeconds(30));
            Assert.Contains(where, survivors.Select(s => s.Address.ToParsableString()));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"every probe answered from a survivor {clock.Elapsed.TotalSeconds:F1} s after the kill");
    }

    /// <summary>A broker node, as Program runs it, in the same cluster and database.</summary>
    private BrokerNodeProcess StartNode(int siloPort) => BrokerNodeProcess.Start(
        [
            "--Cluster:Enabled=true", "--Cluster:ClusterId=" + clusterId, "--Cluster:SiloPort=" + siloPort,
            "--Storage:Provider=postgres", "--Storage:Postgres:Schema=" + database!.Options.Schema,
            "--Auth:PasswordIterations=1000", "--Logging:LogLevel:Default=Warning",
        ],
        new Dictionary<string, string>
        {
            ["Storage__Postgres__ConnectionString"] = database.Options.ConnectionString,
            ["Auth__TokenKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });

    private static SiloStatus Status(MembershipTableData table, SiloAddress silo) => table.TryGet(silo)?.Item1.Status ?? SiloStatus.None;

    private async Task<MembershipTableData> WaitForTableAsync(Func<MembershipTableData, bool> condition, TimeSpan timeout, string what)
    {
        MembershipTableData? last = null;
        await Eventually(
            async () =>
            {
                last = await observer!.ReadAll();
                return condition(last);
            },
            timeout,
            what,
            () => last?.ToString() ?? "no read");
        return last!;
    }

    /// <summary>Polls a condition of the database or the silos (which push nothing to the test) until a deadline.</summary>
    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string what, Func<string>? describe = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout} for {what}; last seen: {describe?.Invoke() ?? "-"}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), Ct);
        }
    }

    /// <summary>A call in flight to the dead silo fails; the retry goes to the grain's new activation.</summary>
    private static async Task<string> CallUntilAnsweredAsync(IProbeGrain grain, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await grain.WhereAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
            }
            catch (Exception ex) when (ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException && deadline.Elapsed < timeout)
            {
            }
        }
    }

    /// <summary>One silo in its own host, as a broker node would run it.</summary>
    private sealed class Silo : IAsyncDisposable
    {
        private readonly IHost host;
        private bool stopped;

        private Silo(IHost host)
        {
            this.host = host;
            Address = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        }

        public SiloAddress Address { get; }

        public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

        public IClusterMembershipService Membership => host.Services.GetRequiredService<IClusterMembershipService>();

        public static async Task<Silo> StartAsync(string clusterId, int port, PostgresStoreOptions postgres)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.UseOrleans(silo =>
            {
                silo.UseBrokerCluster(new BrokerClusterOptions { Enabled = true, ClusterId = clusterId, SiloPort = port, AdvertisedAddress = "127.0.0.1" }, postgres);
            });
            var host = builder.Build();
            await host.StartAsync(Ct);
            return new Silo(host);
        }

        public async ValueTask DisposeAsync()
        {
            if (stopped)
            {
                return;
            }

            stopped = true;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await host.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }

            host.Dispose();
        }
    }
}
