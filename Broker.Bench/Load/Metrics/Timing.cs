using System.Diagnostics;

namespace Broker.Bench.Load.Metrics;

/// <summary>
/// Converts <see cref="Stopwatch.GetTimestamp"/> differences to microseconds. Every client lives in one process
/// (or on one machine: the timestamp is CLOCK_MONOTONIC on Linux), so send and receive stamps compare directly.
/// </summary>
internal static class Timing
{
    private static readonly double MicrosPerTick = 1_000_000.0 / Stopwatch.Frequency;

    public static long ToMicros(long ticks) => (long)(ticks * MicrosPerTick);

    public static long Elapsed(long fromTimestamp, long toTimestamp) => ToMicros(toTimestamp - fromTimestamp);

    public static long FromSeconds(double seconds) => (long)(seconds * Stopwatch.Frequency);
}
