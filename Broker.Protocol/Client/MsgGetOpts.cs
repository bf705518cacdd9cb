namespace Broker.Protocol.Client;

/// <summary>Query options of one <c>{get}</c> part.</summary>
public sealed class MsgGetOpts
{
    public string? User { get; set; }
    public string? Topic { get; set; }
    public DateTime? Ims { get; set; }
    public long? Since { get; set; }
    public long? Before { get; set; }
    public int? Limit { get; set; }
    public MsgRange[]? Ranges { get; set; }
}
