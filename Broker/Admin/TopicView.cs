using Broker.Protocol.Json;

namespace Broker.Admin;

/// <summary>A group or p2p topic with its active members.</summary>
internal sealed class TopicView
{
    public required string Name { get; init; }
    public DateTime Created { get; init; }
    public DateTime Updated { get; init; }
    public DateTime Touched { get; init; }
    public string? Owner { get; init; }
    public RawJson? Public { get; init; }
    public RawJson? Trusted { get; init; }
    public DefaultAccessView? DefAcs { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public long Seq { get; init; }
    public IReadOnlyList<MemberView> Members { get; init; } = [];
}
