using Broker.Bench.Load.Options;
using Broker.Bench.Load.Run;

namespace Broker.Bench.Load.Api;

/// <summary>What a defined scenario's setup and iterations get from the runner: options, endpoint, session helpers, log.</summary>
internal sealed class ScenarioContext(RunContext run)
{
    public LoadOptions Options => run.Options;
    public Uri Endpoint => run.Endpoint;

    /// <summary>Opens sessions and runs setup requests (hi, acc, login, sub); a refusal throws a setup error.</summary>
    public SessionFactory Sessions => run.Sessions;

    /// <summary>Setup and run messages (stderr, prefixed <c>[bench]</c>).</summary>
    public void Info(string message) => run.Info(message);

    internal RunContext Run => run;
}
