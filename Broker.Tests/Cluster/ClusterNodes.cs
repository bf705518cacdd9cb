using System.Diagnostics;
using System.Net;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Cluster;

/// <summary>
/// Several broker processes forming one cluster over one PostgreSQL schema (<see cref="ClusterDatabase"/>): distinct
/// HTTP and silo ports, the same token and admin keys, as docs/cluster.md tells an operator to run them.
/// </summary>
internal sealed class ClusterNodes : IAsyncDisposable
{
    private readonly ClusterDatabase database;
    private readonly string clusterId = "e2e-" + Guid.NewGuid().ToString("N")[..12];
    private readonly string tokenKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly BrokerProcess?[] processes;
    private readonly int[] httpPorts;
    private readonly int[] siloPorts;

    private readonly string[] extra;

    private ClusterNodes(ClusterDatabase database, int count, string[] extra)
    {
        this.database = database;
        this.extra = extra;
        processes = new BrokerProcess?[count];
        httpPorts = [.. Enumerable.Range(0, count).Select(_ => BrokerProcess.FreePort())];
        siloPorts = [.. Enumerable.Range(0, count).Select(_ => BrokerProcess.FreePort())];
    }

    public int Count => processes.Length;

    /// <summary>Starts <paramref name="count"/> nodes (skips the test without PostgreSQL) and waits until each is ready and sees all.</summary>
    public static async Task<ClusterNodes> StartAsync(int count, params string[] extra)
    {
        var nodes = new ClusterNodes(ClusterDatabase.Create(), count, extra);
        try
        {
            // The first node applies the migrations; the others then start together.
            await nodes.StartNodeAsync(0);
            await Task.WhenAll(Enumerable.Range(1, count - 1).Select(nodes.StartNodeAsync));
            await nodes.WaitForMembersAsync(count, TimeSpan.FromSeconds(60));
        }
        catch
        {
            await nodes.DisposeAsync();
            throw;
        }

        return nodes;
    }

    public Uri BaseUri(int node) => new($"http://127.0.0.1:{httpPorts[node]}/");

    public Uri WebSocketUri(int node) => new($"ws://127.0.0.1:{httpPorts[node]}/v0/channels?apikey={TestBroker.DemoApiKey}");

    public Task<TestClient> ConnectAsync(int node) => TestClient.ConnectAsync(WebSocketUri(node));

    public AdminClient Admin(int node) => new(BaseUri(node));

    public async Task StartNodeAsync(int node)
    {
        processes[node] = await BrokerProcess.StartAsync(httpPorts[node], [
            "--Cluster:Enabled=true", "--Cluster:ClusterId=" + clusterId, "--Cluster:SiloPort=" + siloPorts[node],
            "--Storage:Provider=postgres", "--Storage:Postgres:Schema=" + database.Options.Schema,
            "--Storage:Postgres:ConnectionString=" + database.Options.ConnectionString,
            "--Auth:TokenKey=" + tokenKey, "--Auth:PasswordIterations=1000", "--Broker:Admin:Key=" + AdminClient.Key,
            "--Broker:RateLimit:PubPerSecond=0", "--Broker:RateLimit:FramesPerSecond=0",
            "--Logging:LogLevel:Orleans=Warning", "--Logging:LogLevel:Polly=Warning",
            .. extra,
        ]);
        await WaitReadyAsync(node, TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL of one node: no shutdown, no last word to the others.</summary>
    public void Kill(int node)
    {
        processes[node]?.Kill();
        processes[node]?.Dispose();
        processes[node] = null;
    }

    /// <summary>SIGTERM of one node, waiting until it has exited.</summary>
    public async Task TerminateAsync(int node)
    {
        await processes[node]!.TerminateAsync(TimeSpan.FromSeconds(45));
        processes[node]!.Dispose();
        processes[node] = null;
    }

    /// <summary>Waits until every running node lists exactly <paramref name="dead"/> Dead nodes besides the active ones.</summary>
    public async Task WaitForDeadAsync(int dead, TimeSpan timeout)
    {
        for (var node = 0; node < Count; node++)
        {
            if (processes[node] is null)
            {
                continue;
            }

            using var admin = Admin(node);
            var at = node;
            await Eventually(
                async () =>
                {
                    var (status, body) = await admin.GetAsync("v0/admin/cluster");
                    return status == HttpStatusCode.OK
                        && body.GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("status").GetString() == "Dead") == dead;
                },
                timeout,
                $"node {at} to see {dead} dead nodes");
        }
    }

    public async Task WaitReadyAsync(int node, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUri(node), Timeout = TimeSpan.FromSeconds(5) };
        await Eventually(async () => (await TryGetStatusAsync(http, "readyz")) == HttpStatusCode.OK, timeout, $"node {node} /readyz 200");
    }

    /// <summary>Waits until every running node lists <paramref name="active"/> active nodes in <c>GET /v0/admin/cluster</c>.</summary>
    public async Task WaitForMembersAsync(int active, TimeSpan timeout)
    {
        for (var node = 0; node < Count; node++)
        {
            if (processes[node] is null)
            {
                continue;
            }

            using var admin = Admin(node);
            var at = node;
            await Eventually(
                async () =>
                {
                    var (status, body) = await admin.GetAsync("v0/admin/cluster");
                    return status == HttpStatusCode.OK
                        && body.GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("status").GetString() == "Active") == active;
                },
                timeout,
                $"node {at} to see {active} active nodes");
        }
    }

    private static async Task<HttpStatusCode?> TryGetStatusAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Polls state no client is pushed (readiness, membership) until a deadline.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout} for {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            process?.Dispose();
        }

        await database.DisposeAsync();
    }
}
