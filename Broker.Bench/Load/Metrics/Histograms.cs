using HdrHistogram;

namespace Broker.Bench.Load.Metrics;

/// <summary>
/// The generator's HdrHistogram settings, in one place: values are microseconds from 1 µs to one hour, two
/// significant digits (a reported percentile is within 1 % of the true value).
/// </summary>
internal static class Histograms
{
    public const long HighestTrackableMicros = 3_600_000_000;
    public const int SignificantDigits = 2;

    public static LongHistogram Create() => new(1, HighestTrackableMicros, SignificantDigits);

    /// <summary>A recorder for one writer (a receive loop) whose intervals a sampler takes every second.</summary>
    public static Recorder CreateRecorder() =>
        HistogramFactory.With64BitBucketSize().WithValuesFrom(1).WithValuesUpTo(HighestTrackableMicros)
            .WithPrecisionOf(SignificantDigits).WithThreadSafeReads().Create();

    /// <summary>A recorder many threads write to at once (iterations of a defined scenario).</summary>
    public static Recorder CreateConcurrentRecorder() =>
        HistogramFactory.With64BitBucketSize().WithValuesFrom(1).WithValuesUpTo(HighestTrackableMicros)
            .WithPrecisionOf(SignificantDigits).WithThreadSafeWrites().WithThreadSafeReads().Create();

    /// <summary>HdrHistogram throws for values out of range; clamp instead (negative clock skew, hour-long stalls).</summary>
    public static long Clamp(long micros) => Math.Clamp(micros, 0, HighestTrackableMicros);
}
