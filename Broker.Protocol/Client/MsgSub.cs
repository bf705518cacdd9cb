namespace Broker.Protocol.Client;

/// <summary><c>{sub}</c>: create a topic, subscribe, attach.</summary>
public sealed class MsgSub
{
    public string? Id { get; set; }
    public string? Topic { get; set; }
    public MsgSetQuery? Set { get; set; }
    public MsgGetQuery? Get { get; set; }
}
