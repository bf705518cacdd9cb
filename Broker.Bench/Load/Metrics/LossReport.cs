namespace Broker.Bench.Load.Metrics;

/// <summary>
/// Expected deliveries (acknowledged messages × subscribers that stayed connected) against what arrived.
/// <see cref="Lost"/> &gt; 0 fails the run.
/// </summary>
internal sealed record LossReport(
    long Expected,
    long Delivered,
    long Lost,
    long Excused,
    long UnackedDelivered,
    long Duplicates,
    int DisconnectedReceivers,
    IReadOnlyList<string> Samples);
