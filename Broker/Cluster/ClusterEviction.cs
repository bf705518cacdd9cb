namespace Broker.Cluster;

/// <summary>
/// A deleted account's sessions on the other nodes: every live node is told, through its endpoint and after what
/// this node sent it before, to evict the user's sessions (<see cref="NodeDeliveryKind.UserGone"/>).
/// </summary>
internal sealed class ClusterEviction(NodeOutboxes outboxes)
{
    /// <summary>Completes once every other live node took the instruction (or after <see cref="ClusterCalls.Timeout"/>).</summary>
    public async Task EvictAsync(long userId)
    {
        var delivery = new NodeDelivery { Kind = NodeDeliveryKind.UserGone, User = userId };
        var flushes = new List<Task>();
        foreach (var outbox in outboxes.OtherActive())
        {
            outbox.Enqueue(delivery);
            flushes.Add(outbox.FlushAsync());
        }

        try
        {
            await Task.WhenAll(flushes).WaitAsync(ClusterCalls.Timeout);
        }
        catch (TimeoutException)
        {
            // A node that does not take it in time is failing; the user's tokens no longer log in anywhere anyway.
        }
    }
}
