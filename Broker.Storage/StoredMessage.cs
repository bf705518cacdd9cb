namespace Broker.Storage;

/// <summary>A stored message. A hard-deleted message keeps its seq with no head or content.</summary>
public sealed record StoredMessage(string Topic, long Seq, long From, DateTime Ts, string? Head, string? Content);
