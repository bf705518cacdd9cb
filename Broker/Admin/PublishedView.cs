namespace Broker.Admin;

/// <summary>A posted message: its topic and seq.</summary>
internal sealed record PublishedView(string Topic, long Seq, DateTime Ts);
