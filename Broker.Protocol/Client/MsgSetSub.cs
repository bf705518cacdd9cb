namespace Broker.Protocol.Client;

/// <summary>A subscription change: own want (no user) or another user's given.</summary>
public sealed class MsgSetSub
{
    public string? User { get; set; }
    public string? Mode { get; set; }
}
