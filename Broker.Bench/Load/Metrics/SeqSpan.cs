namespace Broker.Bench.Load.Metrics;

/// <summary>The half-open range [Start, End) of a <see cref="SequenceSet"/>.</summary>
internal readonly record struct SeqSpan(long Start, long End);
