using Broker.Protocol.Access;

namespace Broker.Storage;

/// <summary>A user account. JSON values (<c>Public</c>, <c>Trusted</c>) are kept as raw JSON text.</summary>
public sealed record UserRecord
{
    public required long Id { get; init; }
    public required DateTime Created { get; init; }
    public required DateTime Updated { get; init; }
    public UserState State { get; init; }
    public AccessMode DefaultAuth { get; init; } = AccessModes.Auth;
    public AccessMode DefaultAnon { get; init; }
    public string? Public { get; init; }
    public string? Trusted { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public DateTime? LastSeen { get; init; }
    public string? UserAgent { get; init; }

    /// <summary>The user's own <c>me</c> private value as raw JSON text (e.g. <c>tpin</c>, the pinned topics); only the user sees it.</summary>
    public string? Private { get; init; }

    /// <summary>The user's own rate limits (server API); null for the configured defaults.</summary>
    public UserRateLimits? RateLimits { get; init; }
}
