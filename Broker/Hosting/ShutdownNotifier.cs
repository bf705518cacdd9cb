using System.Net.WebSockets;
using Broker.Protocol.Server;
using Broker.Sessions;

namespace Broker.Hosting;

/// <summary>On shutdown, tells every session <c>{ctrl 205 "server shutdown"}</c> and closes it after its queue is sent.</summary>
internal sealed class ShutdownNotifier(SessionRegistry sessions, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(NotifyAll);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void NotifyAll()
    {
        foreach (var session in sessions.All)
        {
            session.Reply(null, null, CtrlCode.ServerShutdown);
            session.CloseAfterFlush(WebSocketCloseStatus.EndpointUnavailable, "server shutdown");
        }
    }
}
