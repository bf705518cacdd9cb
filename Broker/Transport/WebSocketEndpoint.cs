using Broker.Auth;
using Broker.Options;
using Broker.Protocol.Server;
using Broker.Sessions;
using Broker.Topics;
using Microsoft.Extensions.Options;

namespace Broker.Transport;

/// <summary>The WebSocket endpoints: <c>/v0/channels</c> (the path Tinode clients use) and <c>/im</c>.</summary>
internal static class WebSocketEndpoint
{
    public static readonly string[] Paths = ["/v0/channels", "/im"];

    public static void MapBrokerWebSockets(this WebApplication app)
    {
        foreach (var path in Paths)
        {
            app.Map(path, AcceptAsync);
        }
    }

    private static async Task AcceptAsync(HttpContext context, SessionServices services, IOptions<BrokerOptions> options, TimeProvider clock,
        ConnectionLimiter limiter, ApiKeyValidator apiKeys, TransportLog log, IHostApplicationLifetime lifetime)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("WebSocket upgrade required");
            return;
        }

        var settings = options.Value;
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!UpgradePolicy.IsOriginAllowed(context, settings.AllowedOrigins, out var origin))
        {
            log.OriginRefused(remote, origin);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (!apiKeys.IsAllowed(context))
        {
            log.ApiKeyRefused(remote);
            await ApiKeyEndpointFilter.RefuseAsync(context, clock);
            return;
        }

        var refusal = lifetime.ApplicationStopping.IsCancellationRequested ? "server shutting down"
            : !limiter.TryAcquire(remote) ? "connection limit reached"
            : null;
        if (refusal is not null)
        {
            log.UpgradeRefused(remote, refusal);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Replies.Ctrl(null, null, CtrlCode.ServiceUnavailable, clock.GetUtcNow().UtcDateTime));
            return;
        }

        using var slot = new ConnectionSlot(limiter, remote);
        var keepAliveTimeout = settings.IdleTimeout - settings.PingInterval > TimeSpan.Zero
            ? settings.IdleTimeout - settings.PingInterval
            : settings.PingInterval;
        var (socket, stream) = await WebSocketUpgrade.AcceptAsync(context, settings.PingInterval, keepAliveTimeout);
        using var disposeSocket = socket;
        var session = new Session(socket, stream, services, remote);
        using var scope = services.Log.BeginScope(session);
        services.Log.Connected(session.Id, remote);
        await session.RunAsync();
        services.Log.Closed(session.Id);
    }
}
