using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Broker.Cluster;
using Broker.Hosting;
using Broker.Sessions;
using Broker.Storage;
using Broker.Storage.InMemory;
using Broker.Tests.Infrastructure;
using Broker.Topics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Broker.Tests.Cluster.Silos;

/// <summary>
/// Several broker silos in this process (Orleans' <see cref="InProcessTestCluster"/>: in-memory transport and
/// membership). Each silo's host gets the broker's own services (<see cref="BrokerHost.AddBroker"/>) and the cluster
/// topics (<see cref="ClusterHosting.AddClusterTopics"/>), exactly as a broker node registers them; the one seam is
/// the store: all silos share one in-memory store, as nodes share one PostgreSQL. Clients connect to a silo over a
/// loopback TCP pair whose server end is a <see cref="Session"/> of that silo, so what the tests see is what a
/// client of that node sees; no Kestrel is needed.
/// </summary>
internal sealed class BrokerSilos : IAsyncDisposable
{
    private readonly InProcessTestCluster cluster;
    private readonly TcpListener listener;
    private readonly List<(SiloAddress Silo, TcpClient Server, WebSocket Socket)> connections = [];
    private readonly Dictionary<TestClient, Session> sessions = [];

    private readonly string tokenKey;

    private BrokerSilos(InProcessTestCluster cluster, TcpListener listener, StorageBackend store, string tokenKey)
    {
        this.cluster = cluster;
        this.tokenKey = tokenKey;
        this.listener = listener;
        Store = store;
    }

    public StorageBackend Store { get; }

    /// <summary>The silos still running, in start order.</summary>
    public IReadOnlyList<InProcessSiloHandle> Silos => cluster.Silos;

    /// <summary>
    /// Starts <paramref name="count"/> silos in a cluster of their own; with <paramref name="storeOf"/>, over that
    /// cluster's store and token key (two clusters over one store: each runs its own activation of a topic);
    /// <paramref name="configure"/> adds or overrides settings of every silo (e.g. <c>Broker:TopicIdleTimeout</c>).
    /// </summary>
    public static async Task<BrokerSilos> StartAsync(int count, BrokerSilos? storeOf = null, IReadOnlyDictionary<string, string?>? configure = null)
    {
        var store = storeOf?.Store ?? InMemoryBackend.Create();
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "memory",
            ["Auth:PasswordIterations"] = "1000",
            ["Auth:TokenKey"] = storeOf?.tokenKey ?? Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in configure ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = new InProcessTestClusterBuilder((short)count);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            BrokerHost.AddBroker(host.Services, host.Configuration);
            host.Services.Replace(ServiceDescriptor.Singleton(store));
            ClusterHosting.AddClusterTopics(host.Services);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = ClusterCalls.Timeout);

            // A killed silo is declared dead within a few seconds here (the nodes' own values allow up to ~17 s).
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                options.MaxProbeTimeout = TimeSpan.FromSeconds(1);
                options.NumMissedProbesLimit = 2;
                options.NumVotesForDeathDeclaration = 1;
                options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
                options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var silos = new BrokerSilos(cluster, listener, store, settings["Auth:TokenKey"]!);
        foreach (var silo in cluster.Silos)
        {
            await WaitReadyAsync(silo);
        }

        return silos;
    }

    public IServiceProvider Services(int silo) => cluster.Silos[silo].ServiceProvider;

    public SiloAddress Address(int silo) => cluster.Silos[silo].SiloAddress;

    /// <summary>A client of silo <paramref name="silo"/>: a session of that silo at the other end of a loopback TCP pair.</summary>
    public async Task<TestClient> ConnectAsync(int silo)
    {
        var handle = cluster.Silos[silo];
        var client = new TcpClient();
        var connecting = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await listener.AcceptTcpClientAsync();
        await connecting;
        var serverSocket = WebSocket.CreateFromStream(server.GetStream(), new WebSocketCreationOptions { IsServer = true });
        var clientSocket = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false });
        var session = new Session(serverSocket, null, handle.ServiceProvider.GetRequiredService<SessionServices>(), "127.0.0.1");
        lock (connections)
        {
            connections.Add((handle.SiloAddress, server, serverSocket));
        }

        _ = Task.Run(session.RunAsync);
        var testClient = TestClient.Over(clientSocket);
        lock (connections)
        {
            sessions[testClient] = session;
        }

        return testClient;
    }

    /// <summary>The session at the silo's end of <paramref name="client"/>'s connection.</summary>
    public Session SessionOf(TestClient client)
    {
        lock (connections)
        {
            return sessions[client];
        }
    }

    /// <summary>A registered, logged-in user on silo <paramref name="silo"/>.</summary>
    public async Task<TestClient> UserAsync(int silo, string login)
    {
        var client = await ConnectAsync(silo);
        FrameAssert.Ctrl(await client.RegisterAsync(login + Guid.NewGuid().ToString("N")[..6]), 200, "ok");
        return client;
    }

    /// <summary>Another session of <paramref name="user"/> on silo <paramref name="silo"/>, logged in with its token.</summary>
    public async Task<TestClient> SessionOfAsync(int silo, TestClient user)
    {
        var client = await ConnectAsync(silo);
        await client.HiAsync();
        FrameAssert.Ctrl(await client.LoginTokenAsync(user.Token!), 200, "ok");
        return client;
    }

    /// <summary>The silo whose node hosts <paramref name="routable"/>'s actor now, or -1 when none does.</summary>
    public int HostOf(string routable)
    {
        var silos = cluster.Silos;
        for (var i = 0; i < silos.Count; i++)
        {
            if (silos[i].ServiceProvider.GetRequiredService<Hub>().TryGet(routable) is not null)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>How many silos have <paramref name="routable"/>'s actor loaded (one owner: at most 1).</summary>
    public int LoadedCount(string routable) =>
        cluster.Silos.Count(silo => silo.ServiceProvider.GetRequiredService<Hub>().TryGet(routable) is not null);

    /// <summary>Stops silo <paramref name="silo"/> gracefully (SIGTERM); its clients' connections end as the node's would.</summary>
    public async Task StopAsync(int silo)
    {
        var handle = cluster.Silos[silo];
        await cluster.StopSiloAsync(handle);
        DropConnectionsOf(handle.SiloAddress);
    }

    /// <summary>Kills silo <paramref name="silo"/> (no shutdown: the others learn it from failed probes); its clients lose their connection.</summary>
    public async Task KillAsync(int silo)
    {
        var handle = cluster.Silos[silo];
        DropConnectionsOf(handle.SiloAddress);
        await cluster.KillSiloAsync(handle);
    }

    /// <summary>Completes once every remaining silo sees <paramref name="gone"/> as Dead (no sleeping: membership updates are awaited).</summary>
    public async Task WaitDeadAsync(SiloAddress gone, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        foreach (var silo in cluster.Silos)
        {
            var membership = silo.ServiceProvider.GetRequiredService<IClusterMembershipService>();
            if (membership.CurrentSnapshot.GetSiloStatus(gone) == SiloStatus.Dead)
            {
                continue;
            }

            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cts.Token))
            {
                if (snapshot.GetSiloStatus(gone) == SiloStatus.Dead)
                {
                    break;
                }
            }
        }
    }

    private void DropConnectionsOf(SiloAddress silo)
    {
        lock (connections)
        {
            foreach (var connection in connections.Where(c => c.Silo.Equals(silo)))
            {
                connection.Socket.Abort();
                connection.Server.Dispose();
            }
        }
    }

    private static Task WaitReadyAsync(InProcessSiloHandle silo) =>
        silo.ServiceProvider.GetRequiredService<ClusterNode>().Joined.WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        lock (connections)
        {
            foreach (var connection in connections)
            {
                connection.Socket.Abort();
                connection.Server.Dispose();
            }
        }

        listener.Stop();
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }
}
