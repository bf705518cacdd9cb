namespace Broker.Protocol.Client;

/// <summary><c>{del}</c>: delete messages, a subscription, a topic, or the user.</summary>
public sealed class MsgDel
{
    public string? Id { get; set; }
    public string? Topic { get; set; }
    public string? What { get; set; }
    public MsgRange[]? DelSeq { get; set; }
    public string? User { get; set; }
    public MsgCred? Cred { get; set; }
    public bool Hard { get; set; }
}
