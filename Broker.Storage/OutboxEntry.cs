namespace Broker.Storage;

/// <summary>A stored message waiting to be handed to an external gateway, with its delivery attempts so far.</summary>
public sealed record OutboxEntry(string Topic, long Seq, long From, DateTime Ts, string? Head, string Content, int Attempts, DateTime DueAt);
