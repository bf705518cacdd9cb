namespace Broker.Protocol.Server;

/// <summary>When a p2p peer was last online, and with what user agent.</summary>
public sealed class MsgLastSeen
{
    public DateTime? When { get; set; }
    public string? Ua { get; set; }
}
