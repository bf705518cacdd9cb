namespace Broker.Bench.Load.Options;

internal enum ScenarioKind
{
    Fanout,
    Pairs,
    Connect,
    History,
    Mixed,
}
