using Broker.Bench.Load.Metrics;

namespace Broker.Bench.Load.Run;

/// <summary>What the live progress shows at one moment: elapsed time, phase, each step's latest interval, and a free line.</summary>
internal sealed record ProgressSnapshot(string Scenario, TimeSpan Elapsed, string Phase, IReadOnlyList<ProgressRow> Rows, long Errors, string Extra)
{
    public static ProgressSnapshot From(string scenario, TimeSpan elapsed, string phase, IEnumerable<StepStats> steps, long errors, string extra) =>
        new(scenario, elapsed, phase, [.. steps.Select(ProgressRow.From)], errors, extra);
}

/// <summary>One step in the progress view: its rates and latency in the last interval, and its totals.</summary>
internal sealed record ProgressRow(string Step, double OkPerSec, double FailPerSec, double? P50, double? P99, long TotalOk, long TotalFail)
{
    public static ProgressRow From(StepStats step)
    {
        var last = step.Latest;
        long ok = 0, fail = 0;
        foreach (var point in step.Timeline)
        {
            ok += point.Ok;
            fail += point.Fail;
        }

        return new ProgressRow(step.Name, last?.OkPerSec ?? 0, last?.FailPerSec ?? 0, last?.P50, last?.P99, ok, fail);
    }
}
