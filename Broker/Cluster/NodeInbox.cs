using System.Net.WebSockets;
using Broker.Sessions;
using Broker.Topics;

namespace Broker.Cluster;

/// <summary>What this node's endpoint does with the instructions other nodes send to its sessions.</summary>
internal sealed class NodeInbox(SessionRegistry sessions, ClusterTopicRouter router, Hub hub, ClusterPresence presence, ClusterGroups groups)
{
    private readonly DeliveryNumbers taken = new();

    /// <summary>Applies batch <paramref name="number"/> from <paramref name="from"/> unless it was taken already (a resent batch).</summary>
    public void Deliver(SiloAddress from, long number, NodeDelivery[] batch)
    {
        if (taken.TryTake(from, number))
        {
            Deliver(from, batch);
        }
    }

    /// <summary>Forgets a node that died.</summary>
    public void Forget(SiloAddress node) => taken.Forget(node);

    private void Deliver(SiloAddress from, NodeDelivery[] batch)
    {
        foreach (var delivery in batch)
        {
            if (delivery.Kind == NodeDeliveryKind.Presence)
            {
                presence.Receive(from, delivery);
                continue;
            }

            if (delivery.Kind is NodeDeliveryKind.GroupLoaded or NodeDeliveryKind.GroupUnloaded)
            {
                groups.Receive(from, delivery);
                continue;
            }

            if (delivery.Kind == NodeDeliveryKind.UserGone)
            {
                foreach (var session in sessions.OfUser(delivery.User))
                {
                    AccountDeletion.Evict(session);
                }

                continue;
            }

            foreach (var id in delivery.Sessions)
            {
                if (sessions.TryGet(id) is not { } session)
                {
                    continue;
                }

                switch (delivery.Kind)
                {
                    case NodeDeliveryKind.Frame when delivery.Topic is null || !session.IsAttached(delivery.Topic):
                        session.Send(delivery.Frame!);
                        break;
                    case NodeDeliveryKind.Attached:
                        session.OnAttachedRemotely(new RemoteAttachment(router.SenderFor(delivery.Topic!), from));
                        break;
                    case NodeDeliveryKind.Detached:
                        // Only the attachment that node made: the session may have been attached again since, elsewhere.
                        if (session.TryGetAttachment(delivery.Topic!, out var held) && held is RemoteAttachment { Host: var host } && host.Equals(from))
                        {
                            session.OnDetachedRemotely(delivery.Topic!, held);
                        }

                        break;
                    case NodeDeliveryKind.Close:
                        session.CloseAfterFlush((WebSocketCloseStatus)delivery.Code, delivery.Text ?? string.Empty);
                        break;
                }
            }
        }
    }

    public NodeReport Report() => new() { Sessions = sessions.Count, LoadedTopics = hub.LoadedCount };
}
