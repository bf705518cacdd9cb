namespace Broker.Protocol.Client;

/// <summary><c>{get}</c>: query topic metadata or messages.</summary>
public sealed class MsgGet
{
    public string? Id { get; set; }
    public string? Topic { get; set; }
    public string? What { get; set; }
    public MsgGetOpts? Desc { get; set; }
    public MsgGetOpts? Sub { get; set; }
    public MsgGetOpts? Data { get; set; }
    public MsgGetOpts? Del { get; set; }

    public MsgGetQuery ToQuery() => new() { What = What, Desc = Desc, Sub = Sub, Data = Data, Del = Del };
}
