using Broker.Bench.Load.Metrics;

namespace Broker.Tests.Bench;

public sealed class LossTrackerTests
{
    [Fact]
    public void Everything_acked_and_delivered_is_no_loss()
    {
        var (tracker, acked, receivers) = Setup(receivers: 3);
        for (var n = 0; n < 100; n++)
        {
            acked.Add(n);
            foreach (var r in receivers)
            {
                r.Record(7, n);
            }
        }

        var report = tracker.Compute();
        Assert.Equal(300, report.Expected);
        Assert.Equal(300, report.Delivered);
        Assert.Equal(0, report.Lost);
        Assert.Empty(report.Samples);
        Assert.Equal((300L, 300L), tracker.Progress());
    }

    [Fact]
    public void Acknowledged_messages_missing_at_a_connected_receiver_are_lost()
    {
        var (tracker, acked, receivers) = Setup(receivers: 2);
        for (var n = 0; n < 10; n++)
        {
            acked.Add(n);
            receivers[0].Record(7, n);
            if (n is not (3 or 4))
            {
                receivers[1].Record(7, n);
            }
        }

        var report = tracker.Compute();
        Assert.Equal(20, report.Expected);
        Assert.Equal(18, report.Delivered);
        Assert.Equal(2, report.Lost);
        var sample = Assert.Single(report.Samples);
        Assert.Contains("publisher 7 -> r1", sample, StringComparison.Ordinal);
        Assert.Contains("first #3", sample, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_messages_are_not_expected_and_their_deliveries_are_reported_apart()
    {
        var (tracker, acked, receivers) = Setup(receivers: 1);
        acked.Add(0);
        acked.Add(2);
        receivers[0].Record(7, 0);
        receivers[0].Record(7, 1); // never acknowledged (refused, or the ack was still in flight)
        receivers[0].Record(7, 2);

        var report = tracker.Compute();
        Assert.Equal(2, report.Expected);
        Assert.Equal(2, report.Delivered);
        Assert.Equal(0, report.Lost);
        Assert.Equal(1, report.UnackedDelivered);
    }

    [Fact]
    public void A_receiver_that_disconnected_is_excused_not_lost()
    {
        var (tracker, acked, receivers) = Setup(receivers: 2);
        for (var n = 0; n < 5; n++)
        {
            acked.Add(n);
            receivers[0].Record(7, n);
        }

        receivers[1].Record(7, 0);
        receivers[1].Disconnected = true;

        var report = tracker.Compute();
        Assert.Equal(5, report.Expected);
        Assert.Equal(0, report.Lost);
        Assert.Equal(5, report.Excused);
        Assert.Equal(1, report.DisconnectedReceivers);
        Assert.Equal(5, tracker.Progress().Expected);
    }

    [Fact]
    public void Duplicates_and_late_arrivals_are_counted_once()
    {
        var (tracker, acked, receivers) = Setup(receivers: 1);
        for (var n = 0; n < 4; n++)
        {
            acked.Add(n);
        }

        Assert.True(receivers[0].Record(7, 3));
        Assert.True(receivers[0].Record(7, 0));
        Assert.False(receivers[0].Record(7, 0));
        Assert.True(receivers[0].Record(7, 2));
        Assert.True(receivers[0].Record(7, 1));

        var report = tracker.Compute();
        Assert.Equal(0, report.Lost);
        Assert.Equal(1, report.Duplicates);
        Assert.Equal(4, receivers[0].Unique);
    }

    [Fact]
    public void Several_publishers_are_accounted_separately()
    {
        var tracker = new LossTracker();
        var a = new SequenceSet();
        var b = new SequenceSet();
        var receiver = new DeliveryLedger("r");
        tracker.Track(1, a, [receiver]);
        tracker.Track(2, b, [receiver]);
        for (var n = 0; n < 3; n++)
        {
            a.Add(n);
            b.Add(n);
            receiver.Record(1, n);
        }

        receiver.Record(2, 0);
        var report = tracker.Compute();
        Assert.Equal(6, report.Expected);
        Assert.Equal(2, report.Lost);
        Assert.Contains("publisher 2", Assert.Single(report.Samples), StringComparison.Ordinal);
    }

    private static (LossTracker Tracker, SequenceSet Acked, DeliveryLedger[] Receivers) Setup(int receivers)
    {
        var tracker = new LossTracker();
        var acked = new SequenceSet();
        var ledgers = Enumerable.Range(0, receivers).Select(i => new DeliveryLedger($"r{i}")).ToArray();
        tracker.Track(7, acked, ledgers);
        return (tracker, acked, ledgers);
    }
}
