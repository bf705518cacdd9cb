using Broker.Bench.Load.Options;
using Broker.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Broker.Bench.Load.Targets;

/// <summary>
/// The real broker hosted in this process with <see cref="BrokerHost.Build"/> on 127.0.0.1 and a free port;
/// sqlite and litedb get a temporary database file that is deleted afterwards. Broker logging is lowered to warnings.
/// </summary>
internal sealed class InProcessBrokerTarget : ILoadTarget
{
    private readonly WebApplication _app;
    private readonly string? _databasePath;

    private InProcessBrokerTarget(WebApplication app, Uri endpoint, string? databasePath)
    {
        _app = app;
        Endpoint = endpoint;
        _databasePath = databasePath;
    }

    public Uri Endpoint { get; }

    public int? ProcessId => Environment.ProcessId;

    public static async Task<InProcessBrokerTarget> StartAsync(StoreKind store, CancellationToken ct)
    {
        var databasePath = store switch
        {
            StoreKind.Sqlite => Path.Combine(Path.GetTempPath(), $"broker-bench-{Guid.NewGuid():N}.db"),
            StoreKind.LiteDb => Path.Combine(Path.GetTempPath(), $"broker-bench-{Guid.NewGuid():N}.litedb"),
            _ => null,
        };
        var app = BrokerHost.Build(Arguments(store, databasePath));
        await app.StartAsync(ct);
        var address = new Uri(app.Urls.First());
        return new InProcessBrokerTarget(app, new Uri($"ws://{address.Host}:{address.Port}/v0/channels"), databasePath);
    }

    /// <summary>The broker's command line for a store (public for the tests that host the broker the same way).</summary>
    public static string[] Arguments(StoreKind store, string? databasePath)
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            $"--Storage:Provider={store.ToString().ToLowerInvariant()}",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            // A load test measures the broker, not its abuse limits: per-session rate limits and the login
            // throttle are off, connection caps raised to the process's descriptor limit.
            "--Broker:RateLimit:PubPerSecond=0",
            "--Broker:RateLimit:FramesPerSecond=0",
            "--Broker:MaxConnectionsPerAddress=0",
            "--Broker:LoginThrottle:SlowdownAfter=1000000",
            "--Broker:LoginThrottle:MaxFailuresPerLogin=1000000",
            "--Broker:LoginThrottle:MaxFailuresPerAddress=1000000",
            "--Auth:PasswordIterations=10000",
        };
        if (databasePath is not null)
        {
            args.Add(store == StoreKind.LiteDb ? $"--Storage:LiteDb:Path={databasePath}" : $"--Storage:Sqlite:Path={databasePath}");
        }

        return [.. args];
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(cts.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            if (_databasePath is not null)
            {
                foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
                {
                    File.Delete(_databasePath + suffix);
                }

                File.Delete(Broker.Storage.LiteDb.LiteDbCollections.LogFileOf(_databasePath));
            }
        }
    }
}
