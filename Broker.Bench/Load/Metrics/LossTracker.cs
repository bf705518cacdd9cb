namespace Broker.Bench.Load.Metrics;

/// <summary>
/// Loss accounting by publisher sequence numbers embedded in the payload. Every publisher numbers its
/// messages 0, 1, 2…; its acknowledged set comes from the 202 acks, each receiver's set from its
/// <see cref="DeliveryLedger"/>. A message counts as lost when it was acknowledged and a receiver that stayed
/// connected never got it. Messages the broker refused (no 202) are not expected anywhere; deliveries of
/// messages whose ack never arrived are reported apart, not as loss.
/// </summary>
internal sealed class LossTracker
{
    private readonly List<Entry> _entries = [];

    public int Publishers => _entries.Count;

    public void Track(int publisher, SequenceSet acknowledged, IReadOnlyList<DeliveryLedger> audience) =>
        _entries.Add(new Entry(publisher, acknowledged, audience));

    /// <summary>
    /// A cheap, race-tolerant view for the drain loop while receive loops still run: deliveries expected so far
    /// against unique deliveries seen. Reads only counters; <see cref="Compute"/> runs after the sockets closed.
    /// </summary>
    public (long Expected, long Received) Progress()
    {
        long expected = 0, received = 0;
        var receivers = new HashSet<DeliveryLedger>(ReferenceEqualityComparer.Instance);
        foreach (var entry in _entries)
        {
            var acked = entry.Acknowledged.Count;
            foreach (var ledger in entry.Audience)
            {
                if (!ledger.Disconnected)
                {
                    expected += acked;
                }

                if (receivers.Add(ledger))
                {
                    received += ledger.Unique;
                }
            }
        }

        return (expected, received);
    }

    public LossReport Compute(int maxSamples = 10)
    {
        long expected = 0, delivered = 0, lost = 0, excused = 0, unacked = 0;
        var samples = new List<string>();
        var receivers = new HashSet<DeliveryLedger>(ReferenceEqualityComparer.Instance);
        foreach (var entry in _entries)
        {
            var acked = entry.Acknowledged.Count;
            foreach (var ledger in entry.Audience)
            {
                receivers.Add(ledger);
                var got = ledger.From(entry.Publisher);
                var hit = got?.CountIntersection(entry.Acknowledged) ?? 0;
                unacked += (got?.Count ?? 0) - hit;
                if (ledger.Disconnected)
                {
                    excused += acked;
                    continue;
                }

                expected += acked;
                delivered += hit;
                var missing = acked - hit;
                lost += missing;
                if (missing > 0 && samples.Count < maxSamples)
                {
                    var first = entry.Acknowledged.FirstMissingFrom(got);
                    samples.Add($"publisher {entry.Publisher} -> {ledger.Name}: {missing} acknowledged message(s) missing, first #{first}");
                }
            }
        }

        long duplicates = 0;
        var disconnected = 0;
        foreach (var ledger in receivers)
        {
            duplicates += ledger.Duplicates;
            if (ledger.Disconnected)
            {
                disconnected++;
            }
        }

        return new LossReport(expected, delivered, lost, excused, unacked, duplicates, disconnected, samples);
    }

    private sealed record Entry(int Publisher, SequenceSet Acknowledged, IReadOnlyList<DeliveryLedger> Audience);
}
