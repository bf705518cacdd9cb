namespace Broker.Bench.Load.Reporting;

/// <summary>The history scenario: readers paging through long topics with {get data}.</summary>
internal sealed record HistoryStats
{
    public int Topics { get; init; }
    public int MessagesPerTopic { get; init; }
    public double SetupPublishPerSec { get; init; }
    public long Pages { get; init; }
    public double PagesPerSec { get; init; }
    public double MessagesPerSec { get; init; }
    public long FullPasses { get; init; }
    public long Mismatches { get; init; }
    public IReadOnlyList<string> MismatchSamples { get; init; } = [];
    public LatencySummary? PageLatency { get; init; }
}
