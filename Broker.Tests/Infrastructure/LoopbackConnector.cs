using System.Net;
using System.Net.Sockets;

namespace Broker.Tests.Infrastructure;

/// <summary>
/// An HTTP handler for <c>ClientWebSocket.ConnectAsync(uri, invoker, …)</c> whose socket is bound to a chosen loopback
/// source address (127.0.0.2, … all reach a server on 127.0.0.1, so per-address limits can be tested) and, optionally,
/// has a tiny receive buffer (a client that stops reading then stalls the server quickly).
/// </summary>
public static class LoopbackConnector
{
    public static HttpMessageInvoker Create(IPAddress? source = null, int? receiveBufferSize = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (receiveBufferSize is { } size)
                    {
                        socket.ReceiveBufferSize = size;
                    }

                    if (source is not null)
                    {
                        socket.Bind(new IPEndPoint(source, 0));
                    }

                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpMessageInvoker(handler);
    }
}
