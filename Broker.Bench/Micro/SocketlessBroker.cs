using System.Net.WebSockets;
using Broker.Auth;
using Broker.Hosting;
using Broker.Protocol.Client;
using Broker.Protocol.Names;
using Broker.Sessions;
using Broker.Topics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Bench.Micro;

/// <summary>
/// The broker's services without Kestrel: sessions have no socket loop, their outboxes are read directly, so the
/// benchmarks measure the topic actor, the store and the fan-out and nothing of the network.
/// </summary>
internal sealed class SocketlessBroker : IAsyncDisposable
{
    private readonly WebApplication app;
    private long nextUser = 1000;

    public SocketlessBroker(int outboxMaxBytes = 1 << 30, params string[] settings)
    {
        app = BrokerHost.Build(
        [
            .. settings,
            "--Storage:Provider=memory",
            "--Auth:TokenKey=" + Convert.ToBase64String(new byte[32]),
            "--Broker:OutboxMaxBytes=" + outboxMaxBytes,
            "--Broker:TopicIdleTimeout=01:00:00",
            "--Logging:LogLevel:Default=Error",
        ]);
        Hub = app.Services.GetRequiredService<Hub>();
        Services = app.Services.GetRequiredService<SessionServices>();
    }

    public Hub Hub { get; }

    public SessionServices Services { get; }

    public Session NewSession()
    {
        var socket = WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = true });
        var session = new Session(socket, null, Services, "bench");
        session.Authenticate(new UserId(Interlocked.Increment(ref nextUser)), AuthLevel.Auth);
        return session;
    }

    /// <summary>Creates a group owned by the first session and subscribes the others; returns its name.</summary>
    public async Task<string> CreateGroupAsync(IReadOnlyList<Session> sessions)
    {
        var target = new TopicTarget(TopicNames.NewGroupName(), TopicCategory.Group, "new", IsNew: true);
        var topic = Hub.GetOrStart(target);
        var joined = new TopicTarget(target.Routable, TopicCategory.Group, target.Routable);
        for (var i = 0; i < sessions.Count; i++)
        {
            topic.Post(new SubscribeCommand(sessions[i], new MsgSub { Id = "s", Topic = target.Routable }, i == 0 ? target : joined));
            await DrainAsync(sessions[i], 1);
        }

        return target.Routable;
    }

    /// <summary>Waits until <paramref name="count"/> frames were queued for the session and takes them.</summary>
    public static async ValueTask DrainAsync(Session session, int count)
    {
        for (var taken = 0; taken < count; taken++)
        {
            if (!session.TryTakeQueued(out _))
            {
                await session.TakeQueuedAsync();
            }
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
