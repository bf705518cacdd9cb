using System.Collections.Concurrent;

namespace Broker.Cluster;

/// <summary>This node's <see cref="NodeOutbox"/> to each other node.</summary>
internal sealed class NodeOutboxes(ILocalSiloDetails silo, IGrainFactory grains, IClusterMembershipService membership, ClusterLog log, Observability.BrokerMetrics metrics)
{
    private readonly ConcurrentDictionary<SiloAddress, NodeOutbox> outboxes = new();

    public SiloAddress Self => silo.SiloAddress;

    public NodeOutbox For(SiloAddress node) =>
        outboxes.TryGetValue(node, out var outbox)
            ? outbox
            : outboxes.GetOrAdd(node, n => new NodeOutbox(Self, n, grains.GetGrain<INodeEndpointGrain>(NodeEndpointGrain.KeyOf(n)), log, metrics));

    public IEnumerable<NodeOutbox> All => outboxes.Values;

    /// <summary>The outboxes to every other node the membership lists as active now (what "tell every node" sends through).</summary>
    public IEnumerable<NodeOutbox> OtherActive()
    {
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active && !member.SiloAddress.Equals(Self))
            {
                yield return For(member.SiloAddress);
            }
        }
    }

    /// <summary>The node died: its outbox is dropped (a node that comes back has a new silo address).</summary>
    public void Drop(SiloAddress node)
    {
        if (outboxes.TryRemove(node, out var outbox))
        {
            outbox.Drop();
        }
    }
}
