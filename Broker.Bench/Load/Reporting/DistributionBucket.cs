namespace Broker.Bench.Load.Reporting;

/// <summary>How many latencies fell at or below <see cref="UpToMs"/> and above the previous bucket's bound.</summary>
internal sealed record DistributionBucket(double UpToMs, long Count);
