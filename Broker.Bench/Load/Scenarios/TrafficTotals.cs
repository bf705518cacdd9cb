using Broker.Bench.Load.Protocol;

namespace Broker.Bench.Load.Scenarios;

/// <summary>Counters summed over all sessions and publishers at one moment (read racily; for rates and progress).</summary>
internal readonly record struct TrafficTotals(long Sent, long Acked, long Refused, long Delivered, long Errors, long InFlight, long Behind)
{
    public static TrafficTotals Sum(IReadOnlyList<ProtocolClient> clients, IReadOnlyList<Publisher> publishers)
    {
        long sent = 0, acked = 0, refused = 0, inFlight = 0, behind = 0, delivered = 0, errors = 0;
        foreach (var p in publishers)
        {
            sent += p.Sent;
            acked += p.Acked.Count;
            refused += p.Refused;
            inFlight += p.InFlight;
            behind += p.Behind;
        }

        foreach (var c in clients)
        {
            delivered += c.Delivered;
            errors += c.ErrorCount;
        }

        return new TrafficTotals(sent, acked, refused, delivered, errors, inFlight, behind);
    }
}
