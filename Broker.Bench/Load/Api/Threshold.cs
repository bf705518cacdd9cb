using System.Globalization;
using System.Runtime.CompilerServices;
using Broker.Bench.Load.Reporting;

namespace Broker.Bench.Load.Api;

/// <summary>
/// A pass/fail criterion checked against a step's statistics after the run, as NBomber's
/// <c>Threshold.Create(stats =&gt; stats.Fail.Request.Percent &lt; 1)</c>. Without a step it is checked against
/// all steps together. A failed threshold fails the run with exit code 3 (<see cref="Run.LoadRunner.ExitThresholds"/>).
/// The description defaults to the lambda's source text.
/// </summary>
internal sealed class Threshold
{
    /// <summary>The name used for "all steps together" in reports.</summary>
    public const string AllSteps = "all";

    private readonly Func<StepReport, bool> _check;

    private Threshold(string? step, Func<StepReport, bool> check, string description)
    {
        Step = step;
        _check = check;
        Description = description;
    }

    public string? Step { get; }
    public string Description { get; }

    /// <summary>Checked against all steps together, e.g. <c>Threshold.Create(s =&gt; s.FailPercent &lt; 1)</c>.</summary>
    public static Threshold Create(Func<StepReport, bool> check, [CallerArgumentExpression(nameof(check))] string description = "") =>
        new(null, check, description);

    /// <summary>Checked against one step, e.g. <c>Threshold.Create("publish", s =&gt; s.Latency!.P99 &lt; 50)</c>.</summary>
    public static Threshold Create(string step, Func<StepReport, bool> check, [CallerArgumentExpression(nameof(check))] string description = "") =>
        new(step, check, description);

    public ThresholdReport Evaluate(IReadOnlyList<StepReport> steps, StepReport all)
    {
        var name = Step ?? AllSteps;
        var stats = Step is null ? all : steps.FirstOrDefault(s => s.Name == Step);
        if (stats is null)
        {
            return new ThresholdReport(name, Description, false, $"no step named '{Step}' ran");
        }

        bool passed;
        try
        {
            passed = _check(stats);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or ArgumentException)
        {
            // e.g. Latency is null because nothing succeeded: a criterion that cannot be checked is not met.
            passed = false;
        }

        return new ThresholdReport(name, Description, passed, Actual(stats));
    }

    internal static string Actual(StepReport s) => string.Create(CultureInfo.InvariantCulture,
        $"ok {s.Ok} ({s.OkPerSec:0.#}/s), fail {s.Fail} ({s.FailPercent:0.###} %), p50 {Ms(s.Latency?.P50)}, p99 {Ms(s.Latency?.P99)}, max {Ms(s.Latency?.Max)}");

    private static string Ms(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) + " ms" : "n/a";
}
