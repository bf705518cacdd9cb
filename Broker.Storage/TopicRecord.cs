using Broker.Protocol.Access;

namespace Broker.Storage;

/// <summary>A group or p2p topic. <c>Seq</c> is the last message seq; <c>DelId</c> the last delete transaction.</summary>
public sealed record TopicRecord
{
    public required string Name { get; init; }
    public required DateTime Created { get; init; }
    public required DateTime Updated { get; init; }
    public DateTime Touched { get; init; }
    /// <summary>Owner user id; 0 for p2p topics.</summary>
    public long Owner { get; init; }
    public AccessMode DefaultAuth { get; init; }
    public AccessMode DefaultAnon { get; init; }
    public string? Public { get; init; }
    public string? Trusted { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public long Seq { get; init; }
    public long DelId { get; init; }

    /// <summary>Auxiliary data as raw JSON text (an object, e.g. <c>pins</c>, the pinned messages); null when none.</summary>
    public string? Aux { get; init; }

    /// <summary>A group that is also a channel (created as <c>nch…</c>): readers subscribe as <c>chn…</c>. Set at creation only.</summary>
    public bool IsChannel { get; init; }
}
