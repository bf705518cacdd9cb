namespace Broker.Topics;

/// <summary>The outcome of an <see cref="AdminCommand"/>: an HTTP status with a JSON value or an error text.</summary>
internal sealed record AdminReply(int Status, object? Value, string? Error);
