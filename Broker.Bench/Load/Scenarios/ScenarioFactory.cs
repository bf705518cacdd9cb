using Broker.Bench.Load.Options;

namespace Broker.Bench.Load.Scenarios;

internal static class ScenarioFactory
{
    public static ILoadScenario Create(ScenarioKind kind) => kind switch
    {
        ScenarioKind.Fanout => new FanoutScenario(),
        ScenarioKind.Pairs => new PairsScenario(),
        ScenarioKind.Connect => new ConnectScenario(),
        ScenarioKind.History => new HistoryScenario(),
        ScenarioKind.Mixed => new MixedScenario(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
