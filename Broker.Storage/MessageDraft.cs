namespace Broker.Storage;

/// <summary>A message to append; the store assigns its seq. <c>Head</c> and <c>Content</c> are raw JSON.</summary>
public sealed record MessageDraft(long From, DateTime Ts, string? Head, string Content);
