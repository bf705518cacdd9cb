using System.Collections.Concurrent;

namespace Broker.Cluster;

/// <summary>
/// The last delivery batch taken from each sending node: batches are numbered 1, 2, 3 … per sender and resent under
/// the same number when their call failed, so a number at or below the last one taken is a batch already applied.
/// </summary>
internal sealed class DeliveryNumbers
{
    private readonly ConcurrentDictionary<SiloAddress, long> lastTaken = new();

    /// <summary>True (and remembered) when <paramref name="number"/> is new from <paramref name="from"/>; false for a resent batch.</summary>
    public bool TryTake(SiloAddress from, long number)
    {
        // One call at a time per endpoint (the grain is not reentrant), so no two takes of one sender race here.
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
