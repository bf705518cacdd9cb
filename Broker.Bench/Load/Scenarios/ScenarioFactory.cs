using Broker.Bench.Load.Api;
using Broker.Bench.Load.Options;

namespace Broker.Bench.Load.Scenarios;

internal static class ScenarioFactory
{
    public static ILoadScenario Create(LoadOptions options) => options.Scenario switch
    {
        ScenarioKind.Fanout => new FanoutScenario(),
        ScenarioKind.Pairs => new PairsScenario(),
        ScenarioKind.Connect => new ConnectScenario(),
        ScenarioKind.History => new HistoryScenario(),
        ScenarioKind.Mixed => new MixedScenario(),
        ScenarioKind.Defined => ScenarioCatalog.Find(options.DefinedName ?? string.Empty)
            ?? throw new ArgumentException($"no scenario called '{options.DefinedName}' (defined: {string.Join(", ", ScenarioCatalog.Names)})"),
        _ => throw new ArgumentOutOfRangeException(nameof(options)),
    };
}
