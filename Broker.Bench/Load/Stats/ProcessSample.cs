namespace Broker.Bench.Load.Stats;

/// <summary>One reading of a process from /proc: CPU time used so far and resident memory.</summary>
internal readonly record struct ProcessSample(long Timestamp, TimeSpan Cpu, long RssBytes, long PeakRssBytes, int Threads);
