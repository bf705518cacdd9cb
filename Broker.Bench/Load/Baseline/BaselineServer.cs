using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Broker.Bench.Load.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Broker.Bench.Load.Baseline;

/// <summary>
/// The platform ceiling for <c>--baseline</c>: a bare Kestrel WebSocket broadcaster in this process. It speaks
/// just enough of the protocol for the generator — <c>{hi}</c> 201, <c>{acc}</c>/<c>{login token}</c> 200 with a
/// fake user and token (no passwords, no store), <c>{sub}</c> of me/new/grp/usr, <c>{pub}</c> 202 + <c>{data}</c>,
/// <c>{get}</c> 204, <c>{leave}</c> 200; notes are dropped. <c>{login scheme:"basic"}</c> accepts any password, so
/// the peers' generator (<c>fanout.js --peer tinode --setup 1</c>) runs against it unchanged. No access control, persistence or presence: the
/// figures show what Kestrel, WebSockets and this machine allow, and broker/baseline is the overhead ratio.
/// The WebSocket handshake is done by hand so the connection can be wrapped in a <see cref="BatchingStream"/>.
/// </summary>
internal sealed class BaselineServer : IAsyncDisposable
{
    public const string TokenPrefix = "tok";
    private const string HandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, BaselineTopic> _topics = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _logins = new(StringComparer.Ordinal);
    private long _ids;

    private BaselineServer(WebApplication app, BaselineFlush flush)
    {
        _app = app;
        Flush = flush;
    }

    public BaselineFlush Flush { get; }

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<BaselineServer> StartAsync(BaselineFlush flush, CancellationToken ct, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new BaselineServer(app, flush);
        app.Map("/v0/channels", server.AcceptAsync);
        app.Map("/im", server.AcceptAsync);
        await app.StartAsync(ct);
        var address = new Uri(app.Urls.First());
        server.Endpoint = new Uri($"ws://{address.Host}:{address.Port}/v0/channels");
        return server;
    }

    public string NewUserId() => "usr" + Interlocked.Increment(ref _ids).ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>The user of a basic login: one id per login name, made on first use (the baseline checks no password).</summary>
    public string UserOfLogin(string login) => _logins.GetOrAdd(login, _ => NewUserId());

    public (string View, BaselineTopic Topic) NewGroup()
    {
        var name = "grp" + Interlocked.Increment(ref _ids).ToString("D8", CultureInfo.InvariantCulture);
        var topic = new BaselineTopic(name, isP2P: false);
        _topics[name] = topic;
        return (name, topic);
    }

    public BaselineTopic? FindGroup(string name) => _topics.GetValueOrDefault(name);

    /// <summary>The p2p topic of two users, whichever of them asks first creates it.</summary>
    public BaselineTopic P2P(string self, string peer)
    {
        var key = string.CompareOrdinal(self, peer) < 0 ? $"p2p:{self}:{peer}" : $"p2p:{peer}:{self}";
        return _topics.GetOrAdd(key, static k => new BaselineTopic(k, isP2P: true));
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }

    private async Task AcceptAsync(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        if (upgrade is not { IsUpgradableRequest: true } || key.Length == 0
            || !string.Equals(context.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + HandshakeGuid)));
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = accept;
        var transport = await upgrade.UpgradeAsync();
        var stream = new BatchingStream(transport);
        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        await new BaselineSession(this, socket, stream).RunAsync(context.RequestAborted);
    }
}
