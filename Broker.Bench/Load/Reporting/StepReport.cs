namespace Broker.Bench.Load.Reporting;

/// <summary>
/// What a run measured for one step (an operation such as <c>publish→ack</c> or a defined scenario's step):
/// counts and rates over the measured window, latency of successful operations, failures by status, its
/// timeline and latency distribution. Thresholds are checked against it.
/// </summary>
internal sealed record StepReport
{
    public string Name { get; init; } = string.Empty;
    public long Ok { get; init; }
    public long Fail { get; init; }
    public double OkPerSec { get; init; }
    public double FailPerSec { get; init; }

    /// <summary>Failed operations in per cent of all (0 when none ran).</summary>
    public double FailPercent => Ok + Fail == 0 ? 0 : Math.Round(100.0 * Fail / (Ok + Fail), 3);

    public LatencySummary? Latency { get; init; }
    public IReadOnlyDictionary<string, long> FailStatuses { get; init; } = new SortedDictionary<string, long>(StringComparer.Ordinal);
    public IReadOnlyList<DistributionBucket> Distribution { get; init; } = [];
    public IReadOnlyList<TimelinePoint> Timeline { get; init; } = [];
}
