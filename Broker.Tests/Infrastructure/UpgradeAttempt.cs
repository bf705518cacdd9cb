using System.Net.WebSockets;

namespace Broker.Tests.Infrastructure;

/// <summary>Tries a WebSocket upgrade and reports the HTTP status the server answered (101 when it was accepted).</summary>
public static class UpgradeAttempt
{
    public static async Task<(int Status, ClientWebSocket? Socket)> TryAsync(Uri uri, HttpMessageInvoker? invoker = null, string? origin = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        using var timeout = new CancellationTokenSource(TestClient.DefaultTimeout);
        try
        {
            await socket.ConnectAsync(uri, invoker, timeout.Token);
            return (101, socket);
        }
        catch (WebSocketException)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            return (status, null);
        }
    }
}
