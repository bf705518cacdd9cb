using Broker.Protocol.Json;

namespace Broker.Protocol.Server;

/// <summary><c>{meta}</c>: topic metadata in reply to <c>{get}</c>.</summary>
public sealed class MsgMeta
{
    public string? Id { get; set; }
    public string Topic { get; set; } = string.Empty;
    public DateTime Ts { get; set; }
    public MsgTopicDesc? Desc { get; set; }
    public List<MsgTopicSub>? Sub { get; set; }
    public MsgDelValues? Del { get; set; }
    public string[]? Tags { get; set; }
    public MsgCredInfo[]? Cred { get; set; }
    public RawJson? Aux { get; set; }
}
