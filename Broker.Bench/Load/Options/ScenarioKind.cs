namespace Broker.Bench.Load.Options;

internal enum ScenarioKind
{
    Fanout,
    Pairs,
    Connect,
    History,
    Mixed,

    /// <summary>A <see cref="Api.LoadScenario{TSession}"/> class, named by <see cref="LoadOptions.DefinedName"/>.</summary>
    Defined,
}
