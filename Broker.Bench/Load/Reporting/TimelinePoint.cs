namespace Broker.Bench.Load.Reporting;

/// <summary>
/// One step in one sampling interval (about a second): <see cref="T"/> is the end of the interval in seconds since
/// traffic started; latencies (ms) are of the operations completed in it, null when none were timed.
/// </summary>
internal sealed record TimelinePoint(
    double T, long Ok, long Fail, double OkPerSec, double FailPerSec,
    double? P50, double? P75, double? P95, double? P99, double? Max);
