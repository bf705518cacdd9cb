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

    private static async Task AcceptAsync(HttpContext context, SessionServices services, IOptions<BrokerOptions> options, TimeProvider clock)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("WebSocket upgrade required");
            return;
        }

        var settings = options.Value;
        if (settings.ApiKeys.Length > 0 && !HasValidApiKey(context, settings.ApiKeys))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Replies.Ctrl(null, null, CtrlCode.ApiKeyRequired, clock.GetUtcNow().UtcDateTime));
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = settings.PingInterval,
            KeepAliveTimeout = settings.IdleTimeout - settings.PingInterval > TimeSpan.Zero
                ? settings.IdleTimeout - settings.PingInterval
                : settings.PingInterval,
        });
        var remote = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var session = new Session(socket, services, remote);
        using var scope = services.Log.BeginScope(session);
        services.Log.Connected(session.Id, remote);
        await session.RunAsync(CancellationToken.None);
        services.Log.Closed(session.Id);
    }

    private static bool HasValidApiKey(HttpContext context, string[] keys)
    {
        var key = context.Request.Headers["X-Tinode-APIKey"].ToString();
        if (string.IsNullOrEmpty(key))
        {
            key = context.Request.Query["apikey"].ToString();
        }

        return !string.IsNullOrEmpty(key) && Array.IndexOf(keys, key) >= 0;
    }
}
