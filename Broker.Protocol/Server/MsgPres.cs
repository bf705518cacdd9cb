using System.Text.Json.Serialization;
using Broker.Protocol.Client;

namespace Broker.Protocol.Server;

/// <summary><c>{pres}</c>: a presence or change notification. Never stored.</summary>
public sealed class MsgPres
{
    public string Topic { get; set; } = string.Empty;
    public string? Src { get; set; }
    public string What { get; set; } = string.Empty;
    public string? Ua { get; set; }
    public long? Seq { get; set; }
    public long? Clear { get; set; }
    [JsonPropertyName("delseq")]
    public MsgRange[]? DelSeq { get; set; }
    public string? Tgt { get; set; }
    public string? Act { get; set; }
    [JsonPropertyName("dacs")]
    public MsgAccessModeInfo? Dacs { get; set; }
}
