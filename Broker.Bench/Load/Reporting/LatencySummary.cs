using HdrHistogram;

namespace Broker.Bench.Load.Reporting;

/// <summary>Percentiles of a latency histogram (recorded in µs), in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50, double P75, double P90, double P95, double P99, double P999, double Max, double Mean)
{
    public static LatencySummary? From(HistogramBase? micros)
    {
        if (micros is null || micros.TotalCount == 0)
        {
            return null;
        }

        return new LatencySummary(
            micros.TotalCount,
            Ms(micros.GetValueAtPercentile(50)),
            Ms(micros.GetValueAtPercentile(75)),
            Ms(micros.GetValueAtPercentile(90)),
            Ms(micros.GetValueAtPercentile(95)),
            Ms(micros.GetValueAtPercentile(99)),
            Ms(micros.GetValueAtPercentile(99.9)),
            Ms(micros.GetMaxValue()),
            Math.Round(micros.GetMean() / 1000.0, 3));
    }

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}
