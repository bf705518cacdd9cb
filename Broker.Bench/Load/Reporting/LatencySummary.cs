using Broker.Bench.Load.Metrics;

namespace Broker.Bench.Load.Reporting;

/// <summary>Percentiles of a latency histogram, in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max, double Mean)
{
    public static LatencySummary? From(LatencyHistogram? micros)
    {
        if (micros is null || micros.Count == 0)
        {
            return null;
        }

        return new LatencySummary(
            micros.Count,
            Ms(micros.ValueAtPercentile(50)),
            Ms(micros.ValueAtPercentile(90)),
            Ms(micros.ValueAtPercentile(99)),
            Ms(micros.ValueAtPercentile(99.9)),
            Ms(micros.Max),
            Math.Round(micros.Mean / 1000.0, 3));
    }

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}
