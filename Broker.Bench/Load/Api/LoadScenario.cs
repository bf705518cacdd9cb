using Broker.Bench.Load.Options;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Run;
using Broker.Bench.Load.Scenarios;
using Broker.Bench.Load.Simulations;

namespace Broker.Bench.Load.Api;

/// <summary>
/// A load scenario written as one class: derive from this, give it a <see cref="Name"/>, open its sessions, write
/// one iteration of steps, say how load is applied and what passes. The runner finds the class by itself (every
/// non-abstract subclass with a parameterless constructor becomes <c>load &lt;name&gt;</c>) and does the rest:
/// opens <see cref="Sessions"/> sessions, runs <see cref="LoadSimulations"/> in sequence, leases a session to each
/// iteration, times every step, shows progress, writes the reports and checks <see cref="Thresholds"/>.
/// One instance serves one run, so fields may hold what <see cref="InitAsync"/> set up. See
/// <c>Load/Examples/PublishAndReadScenario.cs</c> and the README.
/// </summary>
/// <typeparam name="TSession">What an iteration works with: usually a <see cref="Protocol.ProtocolClient"/> or a small class around one.</typeparam>
internal abstract class LoadScenario<TSession> : IDefinedScenario
    where TSession : class
{
    /// <summary>The command name: <c>load &lt;Name&gt;</c>; letters, digits and dashes.</summary>
    public abstract string Name { get; }

    public virtual string Description => $"Defined scenario {Name}.";

    /// <summary>How many sessions to open before the load starts; <c>--sessions</c> (default 10) unless overridden.</summary>
    public virtual int Sessions(LoadOptions options) => options.Sessions;

    /// <summary>Once, before any session opens (create shared accounts or topics here).</summary>
    public virtual Task InitAsync(ScenarioContext context, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Opens session <paramref name="index"/> (0-based). Throwing a setup error ends the run with exit code 2.</summary>
    public abstract Task<TSession> OpenSessionAsync(ScenarioContext context, int index, CancellationToken ct);

    /// <summary>Closes a session after the load; disposes it when it is <see cref="IAsyncDisposable"/>.</summary>
    public virtual async ValueTask CloseSessionAsync(TSession session)
    {
        if (session is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    /// <summary>After every session closed, also when setup failed: release what <see cref="InitAsync"/> opened.</summary>
    public virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    /// <summary>One iteration: call <see cref="IterationContext{TSession}.StepAsync(string, Func{CancellationToken, Task{StepResult}})"/> for each step.</summary>
    public abstract Task RunIterationAsync(IterationContext<TSession> iteration);

    /// <summary>
    /// The load profile, phases in order (<see cref="Simulation"/>). <c>--load</c> on the command line replaces it.
    /// A copy or injected iteration waits for a free session, so more copies than sessions queue.
    /// </summary>
    public abstract IReadOnlyList<LoadSimulation> LoadSimulations(LoadOptions options);

    /// <summary>Pass/fail criteria; <c>--threshold</c> adds to them.</summary>
    public virtual IReadOnlyList<Threshold> Thresholds(LoadOptions options) => [];

    /// <summary>After the load, before sessions close: add scenario-specific figures or failures to the result.</summary>
    public virtual void Complete(LoadResult result)
    {
    }

    public Task<LoadResult> RunAsync(RunContext ctx, CancellationToken ct) => new DefinedScenarioRunner<TSession>(this, ctx).RunAsync(ct);
}

/// <summary>
/// A built-in scenario written on this API (history): it has its own command and options, so the catalog does
/// not list it as a defined scenario.
/// </summary>
internal interface IBuiltInScenario;

/// <summary>What the runner needs of a defined scenario, whatever its session type.</summary>
internal interface IDefinedScenario : ILoadScenario
{
    string Name { get; }
    string Description { get; }
}
