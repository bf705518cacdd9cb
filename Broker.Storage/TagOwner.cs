namespace Broker.Storage;

/// <summary>Who holds a tag: a user (<see cref="UserId"/> non-zero) or a topic.</summary>
public readonly record struct TagOwner(long UserId, string? Topic);
