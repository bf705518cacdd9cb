namespace Broker.Admin;

/// <summary>One active subscription of a topic.</summary>
internal sealed class MemberView
{
    public required string User { get; init; }
    public required string Want { get; init; }
    public required string Given { get; init; }
    public required string Mode { get; init; }
    public long Read { get; init; }
    public long Recv { get; init; }
    public bool Online { get; init; }
}
