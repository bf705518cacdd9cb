using System.Net.WebSockets;
using Broker.Protocol.Server;
using Broker.Sessions;
using Broker.Topics;

namespace Broker.Hosting;

/// <summary>
/// On shutdown, tells every session <c>{ctrl 205 "server shutdown"}</c> and closes it after its queue is sent (when the
/// application starts stopping, before the server stops); then, once the server has stopped, waits for every topic to
/// finish what was queued to it so that every acknowledged message is stored before the store closes.
/// </summary>
internal sealed class ShutdownNotifier(SessionRegistry sessions, Hub hub, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(NotifyAll);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        NotifyAll();
        try
        {
            await hub.DrainAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out; it stops anyway.
        }
    }

    private void NotifyAll()
    {
        foreach (var session in sessions.All)
        {
            session.Reply(null, null, CtrlCode.ServerShutdown);
            session.CloseAfterFlush(WebSocketCloseStatus.EndpointUnavailable, "server shutdown");
        }
    }
}
