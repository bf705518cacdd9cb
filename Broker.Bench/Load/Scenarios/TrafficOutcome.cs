using Broker.Bench.Load.Stats;

namespace Broker.Bench.Load.Scenarios;

/// <summary>Counters at the start and end of the measured window, and how the drain ended.</summary>
internal sealed record TrafficOutcome(
    TrafficTotals AtStart,
    TrafficTotals AtEnd,
    double MeasuredSeconds,
    ProcessSample? BrokerAtStart,
    ProcessSample? BrokerAtEnd,
    TimeSpan GeneratorCpu,
    double DrainSeconds,
    bool DrainComplete,
    long AllocatedBytes,
    int[] Collections);
