using System.Diagnostics;
using Broker.Bench.Load.Metrics;

namespace Broker.Bench.Load.Api;

/// <summary>
/// One iteration of a defined scenario: the session it leased (no other iteration uses it meanwhile), which copy
/// runs it, and <see cref="StepAsync(string, Func{CancellationToken, Task{StepResult}})"/> to run and time a step.
/// </summary>
internal sealed class IterationContext<TSession>
{
    private readonly Func<string, StepMeter> _meter;
    private readonly bool _measured;

    internal IterationContext(ScenarioContext scenario, TSession session, int sessionIndex, int copy, long number,
        Func<string, StepMeter> meter, bool measured, CancellationToken ct)
    {
        Scenario = scenario;
        Session = session;
        SessionIndex = sessionIndex;
        Copy = copy;
        Number = number;
        _meter = meter;
        _measured = measured;
        CancellationToken = ct;
    }

    public ScenarioContext Scenario { get; }
    public TSession Session { get; }
    public int SessionIndex { get; }

    /// <summary>The closed-model copy running this iteration, or -1 for an injected (open-model) one.</summary>
    public int Copy { get; }

    /// <summary>Iterations started before this one in the run.</summary>
    public long Number { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>False during the warm-up: the iteration is shown on the timeline but not counted.</summary>
    public bool Measured => _measured;

    /// <summary>
    /// Runs <paramref name="step"/> and records its latency (when ok) or its failure under <paramref name="name"/>.
    /// A failed step (a failed result or an exception) ends the iteration.
    /// </summary>
    public async Task StepAsync(string name, Func<CancellationToken, Task<StepResult>> step)
    {
        var meter = _meter(name);
        var started = Stopwatch.GetTimestamp();
        StepResult result;
        try
        {
            result = await step(CancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !CancellationToken.IsCancellationRequested)
        {
            result = StepResult.Fail(e is OperationCanceledException or TimeoutException ? "timeout" : e.GetType().Name);
        }

        if (result.IsOk)
        {
            meter.RecordOk(Timing.Elapsed(started, Stopwatch.GetTimestamp()), _measured);
            return;
        }

        meter.RecordFail(result.Status, _measured);
        throw new StepFailedException(name, result.Status);
    }

    /// <summary>A step that is ok when it completes and failed when it throws.</summary>
    public Task StepAsync(string name, Func<CancellationToken, Task> step) =>
        StepAsync(name, async ct =>
        {
            await step(ct);
            return StepResult.Ok();
        });
}
