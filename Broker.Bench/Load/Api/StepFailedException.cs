namespace Broker.Bench.Load.Api;

/// <summary>Thrown by <see cref="IterationContext{TSession}.StepAsync(string, Func{CancellationToken, Task{StepResult}})"/> to end an iteration whose step failed.</summary>
internal sealed class StepFailedException(string step, string status) : Exception($"step {step} failed: {status}")
{
    public string Step { get; } = step;
    public string Status { get; } = status;
}
