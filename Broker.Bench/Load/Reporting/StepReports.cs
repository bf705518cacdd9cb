using Broker.Bench.Load.Api;
using Broker.Bench.Load.Metrics;

namespace Broker.Bench.Load.Reporting;

/// <summary>Turns a run's step statistics into the result's step reports and their combination over all steps.</summary>
internal static class StepReports
{
    public static void Fill(LoadResult result, IReadOnlyList<StepStats> steps, double measuredSeconds)
    {
        result.Steps = [.. steps.Select(s => s.ToReport(measuredSeconds))];
        var all = new StepStats(Threshold.AllSteps);
        foreach (var step in steps)
        {
            all.AddInterval(0, 1, step.Ok, step.Fail, step.Latency, measured: true);
            foreach (var (status, count) in step.FailStatuses)
            {
                all.AddFailStatus($"{step.Name} {status}", count);
            }
        }

        result.AllSteps = all.ToReport(measuredSeconds) with { Timeline = [] };
    }
}
