using Broker.Bench.Load.Api;
using Broker.Bench.Load.Options;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Run;

namespace Broker.Bench.Load.Scenarios;

/// <summary>One load scenario: sets up its sessions, runs, closes them and reports.</summary>
internal interface ILoadScenario
{
    Task<LoadResult> RunAsync(RunContext ctx, CancellationToken ct);

    /// <summary>The scenario's own pass/fail criteria; <c>--threshold</c> adds to them.</summary>
    IReadOnlyList<Threshold> Thresholds(LoadOptions options) => [];
}
