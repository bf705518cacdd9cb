using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Broker.Transport;

/// <summary>
/// Accepts an HTTP/1.1 WebSocket upgrade and builds the runtime's WebSocket over a <see cref="SharedConnectionStream"/>.
/// Only the RFC 6455 handshake response (four headers) is done here; receiving, pings and close are the runtime's
/// <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>, and the session frames its outgoing
/// messages itself (<see cref="WebSocketFraming"/>) to write them in batches. Other requests (e.g.
/// HTTP/2 extended CONNECT) fall back to ASP.NET Core's own accept.
/// </summary>
internal static class WebSocketUpgrade
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static async Task<(WebSocket Socket, SharedConnectionStream? Stream)> AcceptAsync(HttpContext context, TimeSpan keepAliveInterval, TimeSpan keepAliveTimeout)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        if (upgrade is not { IsUpgradableRequest: true } || !IsValidKey(key))
        {
            var fallback = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = keepAliveInterval,
                KeepAliveTimeout = keepAliveTimeout,
            });
            return (fallback, null);
        }

        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
        var stream = new SharedConnectionStream(await upgrade.UpgradeAsync());
        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = keepAliveInterval,
            KeepAliveTimeout = keepAliveTimeout,
        });
        return (socket, stream);
    }

    private static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[18];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var written) && written == 16;
    }
}
