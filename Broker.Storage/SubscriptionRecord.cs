using Broker.Protocol.Access;

namespace Broker.Storage;

/// <summary>
/// A user's subscription to a topic. A deleted subscription keeps its row (with <c>Deleted</c> set) so that the
/// given mode survives: a banned user cannot re-subscribe around a ban.
/// </summary>
public sealed record SubscriptionRecord
{
    public required string Topic { get; init; }
    public required long UserId { get; init; }
    public required DateTime Created { get; init; }
    public required DateTime Updated { get; init; }
    public DateTime? Deleted { get; init; }
    public AccessMode Want { get; init; }
    public AccessMode Given { get; init; }
    public long ReadSeq { get; init; }
    public long RecvSeq { get; init; }
    /// <summary>The user's own "clear" marker: the highest delete transaction applied for this user.</summary>
    public long DelId { get; init; }
    public string? Private { get; init; }

    public AccessMode Mode => Want & Given;
}
