namespace Broker.Storage;

/// <summary>A message to append; the store assigns its seq. <c>Head</c> and <c>Content</c> are raw JSON.</summary>
public sealed record MessageDraft(long From, DateTime Ts, string? Head, string Content)
{
    /// <summary>
    /// A key chosen by the sender. When set and this sender already stored a message in this topic with this key at
    /// or after <see cref="IdempotentSince"/>, nothing is stored and that message's seq is returned as a duplicate.
    /// </summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>The start of the idempotency window: a key stored before it no longer makes a duplicate.</summary>
    public DateTime IdempotentSince { get; init; }

    /// <summary>Also write an outbox row for (topic, seq) in the same transaction, for delivery to a gateway.</summary>
    public bool Outbound { get; init; }
}
