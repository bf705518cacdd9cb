using Broker.Protocol.Json;

namespace Broker.Admin;

/// <summary>An emc topic; <c>members</c> only when one topic is read (not in lists).</summary>
internal sealed class EmcGroupView
{
    public required string Topic { get; init; }
    public DateTime Created { get; init; }
    public DateTime Updated { get; init; }
    public DateTime Touched { get; init; }
    /// <summary>The user whose own emc topic this is; absent for an emc group.</summary>
    public string? User { get; init; }
    public RawJson? Public { get; init; }
    public long Seq { get; init; }
    public IReadOnlyList<MemberView>? Members { get; init; }
}
