using Broker.Presence;
using Broker.Sessions;
using Broker.Topics;

namespace Broker.Cluster;

/// <summary>
/// Presence across nodes: the node hosting a user's <c>me</c> copies the user's sessions on <c>me</c> to every other
/// node whenever its me actor changes them, so any topic anywhere asks <see cref="PresenceRegistry"/> as on one
/// node (is the user online, deliver <c>{pres}</c>/<c>{info}</c> to the user's me sessions).
/// </summary>
internal sealed class ClusterPresence(PresenceRegistry presence, SessionRegistry sessions, ClusterSessions cluster, NodeOutboxes outboxes)
{
    public void Start()
    {
        presence.Changed = Publish;
        presence.CopiesSent = () => Task.WhenAll(outboxes.All.Select(outbox => outbox.FlushAsync()));
    }

    /// <summary>Sends this node's users to a node that just joined.</summary>
    public void SendOwnedTo(SiloAddress node)
    {
        var outbox = outboxes.For(node);
        foreach (var (userId, owned) in presence.Owned)
        {
            outbox.Enqueue(Delivery(userId, owned));
        }
    }

    public void Receive(SiloAddress from, NodeDelivery delivery)
    {
        var refs = delivery.Presence ?? [];
        var subscribers = new List<ISubscriber>(refs.Length);
        foreach (var session in refs)
        {
            var subscriber = session.Node.Equals(outboxes.Self) ? sessions.TryGet(session.SessionId) : cluster.Resolve(session);
            if (subscriber is not null)
            {
                subscribers.Add(subscriber);
            }
        }

        presence.ReplaceCopy(delivery.User, [.. subscribers], from);
    }

    private void Publish(long userId, ISubscriber[] now)
    {
        var delivery = Delivery(userId, now);
        foreach (var outbox in outboxes.OtherActive())
        {
            outbox.Enqueue(delivery);
        }
    }

    private NodeDelivery Delivery(long userId, ISubscriber[] now) => new()
    {
        Kind = NodeDeliveryKind.Presence,
        User = userId,
        Presence = [.. now.Select(RefOf)],
    };

    private SessionRef RefOf(ISubscriber session) => session is RemoteSession remote
        ? new SessionRef { Node = remote.Node, SessionId = remote.Id, User = remote.User.Value, AuthLevel = (int)remote.AuthLevel, UserAgent = remote.UserAgent }
        : new SessionRef { Node = outboxes.Self, SessionId = session.Id, User = session.User.Value, AuthLevel = (int)session.AuthLevel, UserAgent = session.UserAgent };
}
