using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Run;

namespace Broker.Bench.Load.Scenarios;

/// <summary>One load scenario: sets up its sessions, runs, closes them and reports.</summary>
internal interface ILoadScenario
{
    Task<LoadResult> RunAsync(RunContext ctx, CancellationToken ct);
}
