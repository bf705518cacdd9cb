namespace Broker.Protocol.Client;

/// <summary>The <c>set</c> part of <c>{sub}</c>.</summary>
public sealed class MsgSetQuery
{
    public MsgSetDesc? Desc { get; set; }
    public MsgSetSub? Sub { get; set; }
    public string[]? Tags { get; set; }
    public MsgCred? Cred { get; set; }
}
