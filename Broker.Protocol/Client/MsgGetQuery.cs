namespace Broker.Protocol.Client;

/// <summary>The <c>get</c> part of <c>{sub}</c> and the body of <c>{get}</c>.</summary>
public sealed class MsgGetQuery
{
    public string? What { get; set; }
    public MsgGetOpts? Desc { get; set; }
    public MsgGetOpts? Sub { get; set; }
    public MsgGetOpts? Data { get; set; }
    public MsgGetOpts? Del { get; set; }
}
