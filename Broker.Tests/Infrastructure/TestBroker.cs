using Broker.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Broker.Tests.Infrastructure;

/// <summary>A real broker on a loopback port (port 0), in-memory store unless told otherwise.</summary>
public sealed class TestBroker : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestBroker(WebApplication app, Uri baseUri)
    {
        this.app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>The key compiled into Tinode's apps, valid for the default <c>Auth:ApiKeySalt</c>.</summary>
    public const string DemoApiKey = "AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K";

    /// <summary>The WebSocket endpoint with the demo API key in its query, as Tinode's clients send it.</summary>
    public Uri WebSocketUri => new($"ws://{BaseUri.Authority}/v0/channels?apikey={DemoApiKey}");

    /// <summary>The WebSocket endpoint without any API key.</summary>
    public Uri WebSocketUriWithoutKey => new($"ws://{BaseUri.Authority}/v0/channels");

    public IServiceProvider Services => app.Services;

    public static Task<TestBroker> StartAsync(params string[] extraArgs) => StartAsync(null, extraArgs);

    /// <summary>Starts a broker; <paramref name="configure"/> may replace services (a fake clock, a log capture, a store decorator).</summary>
    public static async Task<TestBroker> StartAsync(Action<WebApplicationBuilder>? configure, params string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Storage:Provider=memory",
            "--Auth:PasswordIterations=1000",
            "--Auth:TokenKey=" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        var app = BrokerHost.Build(args, configure);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Urls.First();
        return new TestBroker(app, new Uri(address));
    }

    public Task<TestClient> ConnectAsync() => TestClient.ConnectAsync(WebSocketUri);

    /// <summary>A new connection with a freshly registered (and logged in) user whose public is <c>{"fn":login}</c>.</summary>
    public async Task<TestClient> UserAsync(string login, string password = "secret123")
    {
        var client = await ConnectAsync();
        var ctrl = await client.RegisterAsync(login, password);
        FrameAssert.Ctrl(ctrl, 200, "ok");
        return client;
    }

    /// <summary>Another session (device) of <paramref name="user"/>: a new connection logged in with its token.</summary>
    public async Task<TestClient> SessionOfAsync(TestClient user)
    {
        var client = await ConnectAsync();
        await client.HiAsync();
        var ctrl = await client.LoginTokenAsync(user.Token!);
        FrameAssert.Ctrl(ctrl, 200, "ok");
        return client;
    }

    /// <summary>Connects from another loopback source address (e.g. 127.0.0.2), as if from another host.</summary>
    public Task<TestClient> ConnectFromAsync(string sourceAddress) =>
        TestClient.ConnectAsync(WebSocketUri, null, LoopbackConnector.Create(System.Net.IPAddress.Parse(sourceAddress)));

    public async Task StopAsync()
    {
        await app.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
