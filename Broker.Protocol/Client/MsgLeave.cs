namespace Broker.Protocol.Client;

/// <summary><c>{leave}</c>: detach, optionally unsubscribe.</summary>
public sealed class MsgLeave
{
    public string? Id { get; set; }
    public string? Topic { get; set; }
    public bool Unsub { get; set; }
}
