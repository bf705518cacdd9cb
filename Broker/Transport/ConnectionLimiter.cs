using System.Collections.Concurrent;
using Broker.Options;
using Microsoft.Extensions.Options;

namespace Broker.Transport;

/// <summary>Counts open WebSocket connections, in total and per remote address, against the configured caps.</summary>
internal sealed class ConnectionLimiter(IOptions<BrokerOptions> options, TransportLog log)
{
    private readonly int maxTotal = options.Value.MaxConnections;
    private readonly int maxPerAddress = options.Value.MaxConnectionsPerAddress;
    private readonly ConcurrentDictionary<string, int> perAddress = new(StringComparer.Ordinal);
    private int total;

    public int Count => Volatile.Read(ref total);

    /// <summary>Takes a slot for <paramref name="address"/>; false when a cap is reached. Every success needs one <see cref="Release"/>.</summary>
    public bool TryAcquire(string address)
    {
        if (Interlocked.Increment(ref total) > maxTotal && maxTotal > 0)
        {
            Interlocked.Decrement(ref total);
            return false;
        }

        if (maxPerAddress > 0 && perAddress.AddOrUpdate(address, 1, static (_, count) => count + 1) > maxPerAddress)
        {
            ReleaseAddress(address);
            Interlocked.Decrement(ref total);
            return false;
        }

        return true;
    }

    public void Release(string address)
    {
        if (maxPerAddress > 0)
        {
            ReleaseAddress(address);
        }

        log.ConnectionReleased(address, Interlocked.Decrement(ref total));
    }

    private void ReleaseAddress(string address)
    {
        while (perAddress.TryGetValue(address, out var count))
        {
            if (count <= 1
                ? perAddress.TryRemove(new KeyValuePair<string, int>(address, count))
                : perAddress.TryUpdate(address, count - 1, count))
            {
                return;
            }
        }
    }
}
