namespace Broker.Bench.Load.Reporting;

/// <summary>The connect scenario: ramp to N sessions (hi, token login, sub me), hold, close.</summary>
internal sealed record ConnectStats
{
    public int Attempted { get; init; }
    public int Established { get; init; }
    public double RampSeconds { get; init; }
    public double ConnectionsPerSec { get; init; }
    public int DroppedDuringHold { get; init; }
    public IReadOnlyDictionary<string, long> Failures { get; init; } = new Dictionary<string, long>();
    public LatencySummary? SetupLatency { get; init; }
    public double? RssBeforeMb { get; init; }
    public double? RssHeldMb { get; init; }
    public double? RssPerSessionKb { get; init; }
}
