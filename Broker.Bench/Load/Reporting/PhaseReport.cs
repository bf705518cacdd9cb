namespace Broker.Bench.Load.Reporting;

/// <summary>One phase of a run on the timeline (warm-up, a load simulation, drain), in seconds since traffic started.</summary>
internal sealed record PhaseReport(string Name, double Start, double End);
