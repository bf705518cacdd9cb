using System.Collections.Concurrent;

namespace Broker.Cluster;

/// <summary>
/// The last batch taken from each sending node: a node numbers its batches to one receiver 1, 2, 3 …, so a number at
/// or below the last one taken is a batch already applied (a node endpoint's resent delivery) or overtaken by a later
/// one (a topic call that timed out and arrived after the sender's next).
/// </summary>
internal sealed class DeliveryNumbers
{
    private readonly ConcurrentDictionary<SiloAddress, long> lastTaken = new();

    /// <summary>True (and remembered) when <paramref name="number"/> is past the last taken from <paramref name="from"/>.</summary>
    public bool TryTake(SiloAddress from, long number)
    {
        // Its owners are grains that take one call at a time, so no two takes of one sender race here.
        if (lastTaken.TryGetValue(from, out var last) && number <= last)
        {
            return false;
        }

        lastTaken[from] = number;
        return true;
    }

    /// <summary>Forgets a node that died (a node that comes back has a new address and numbers from 1 again).</summary>
    public void Forget(SiloAddress node) => lastTaken.TryRemove(node, out _);
}
