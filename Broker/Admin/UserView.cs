using Broker.Protocol.Json;

namespace Broker.Admin;

/// <summary>A user as the admin API shows it.</summary>
internal sealed class UserView
{
    public required string Id { get; init; }
    public required string State { get; init; }
    public DateTime Created { get; init; }
    public DateTime Updated { get; init; }
    public RawJson? Public { get; init; }
    public RawJson? Trusted { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public DateTime? LastSeen { get; init; }
    public bool Online { get; init; }
    public Storage.UserRateLimits? RateLimits { get; init; }
}
