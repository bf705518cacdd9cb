using System.Collections.Concurrent;
using Broker.Protocol.Names;
using Broker.Topics;

namespace Broker.Cluster;

/// <summary>
/// Which groups are online (their actor loaded) on other nodes, so that <c>me</c> anywhere answers as on one node
/// (<see cref="Hub.IsOnline"/>): a member coming online hears the group's <c>on</c>, <c>{get sub}</c> shows it
/// online. Each node tells every other node, through its outbox, when a group's actor starts or unloads here; a
/// node that joins gets this node's loaded groups, a node that died has its groups forgotten. Nothing is asked
/// at login: the answer is a lookup in this node's copy.
/// </summary>
internal sealed class ClusterGroups(Hub hub, NodeOutboxes outboxes)
{
    // The node each group reported loaded elsewhere runs on.
    private readonly ConcurrentDictionary<string, SiloAddress> elsewhere = new(StringComparer.Ordinal);

    // A load and an unload of one group racing each other: whichever reports last reads the hub after both, so the
    // last word every node gets is the group's state now. Also orders a joining node's copy against both.
    private readonly Lock gate = new();

    public void Start()
    {
        hub.LoadedElsewhere = elsewhere.ContainsKey;
        hub.ActorStarted = Changed;
    }

    /// <summary>The actor of <paramref name="routable"/> started or unloaded on this node: tell the other nodes (groups only).</summary>
    public void Changed(string routable)
    {
        if (!routable.StartsWith(TopicNames.GroupPrefix, StringComparison.Ordinal))
        {
            return;
        }

        lock (gate)
        {
            var delivery = new NodeDelivery { Kind = hub.TryGet(routable) is null ? NodeDeliveryKind.GroupUnloaded : NodeDeliveryKind.GroupLoaded, Topic = routable };
            foreach (var outbox in outboxes.OtherActive())
            {
                outbox.Enqueue(delivery);
            }
        }
    }

    /// <summary>Sends this node's loaded groups to a node that just joined.</summary>
    public void SendLoadedTo(SiloAddress node)
    {
        lock (gate)
        {
            var outbox = outboxes.For(node);
            foreach (var actor in hub.Loaded)
            {
                if (actor.Name.StartsWith(TopicNames.GroupPrefix, StringComparison.Ordinal) && !actor.IsUnloaded)
                {
                    outbox.Enqueue(new NodeDelivery { Kind = NodeDeliveryKind.GroupLoaded, Topic = actor.Name });
                }
            }
        }
    }

    public void Receive(SiloAddress from, NodeDelivery delivery)
    {
        if (delivery.Kind == NodeDeliveryKind.GroupLoaded)
        {
            elsewhere[delivery.Topic!] = from;
        }
        else
        {
            // Only the node that reported it loaded can take it back (the group may have moved on to another one).
            elsewhere.TryRemove(new KeyValuePair<string, SiloAddress>(delivery.Topic!, from));
        }
    }

    /// <summary>The node died: its groups are offline until they load again somewhere.</summary>
    public void ForgetNode(SiloAddress node)
    {
        foreach (var (topic, host) in elsewhere)
        {
            if (host.Equals(node))
            {
                elsewhere.TryRemove(new KeyValuePair<string, SiloAddress>(topic, host));
            }
        }
    }
}
