using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Reporting;

namespace Broker.Tests.Bench;

/// <summary>A result with two steps over five one-second intervals, built through <see cref="StepStats"/> as a run builds it.</summary>
internal static class ReportSamples
{
    public static LoadResult TwoSteps()
    {
        var publish = new StepStats("publish");
        var read = new StepStats("read");
        for (var second = 1; second <= 5; second++)
        {
            var interval = Histograms.Create();
            for (var i = 1; i <= 100; i++)
            {
                interval.RecordValue(i * 10 * second);   // 10 µs … 5 ms
            }

            publish.AddInterval(second, 1, 100, second == 3 ? 2 : 0, interval, measured: second > 1);
            read.AddInterval(second, 1, 100, 0, interval, measured: second > 1);
        }

        publish.AddFailStatus("429", 2);
        var result = new LoadResult
        {
            Scenario = "publish-read",
            Target = "inproc-memory",
            Parameters = "4 sessions; keep-constant 4 4s",
            StartedUtc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            RunId = "abc123",
            MeasuredSeconds = 4,
            Sessions = 4,
            Iterations = 400,
            FailedIterations = 2,
            SkippedInjections = 0,
            Phases = [new PhaseReport("warm-up keep-constant 4 1s", 0, 1), new PhaseReport("keep-constant 4 4s", 1, 5)],
            Thresholds = [new ThresholdReport("all", "fail%<1", true, "ok 800"), new ThresholdReport("publish", "publish:p99<1", false, "p99 4.9 ms")],
        };
        StepReports.Fill(result, [publish, read], 4);
        return result;
    }
}
