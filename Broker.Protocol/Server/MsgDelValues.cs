using System.Text.Json.Serialization;
using Broker.Protocol.Client;

namespace Broker.Protocol.Server;

/// <summary>Deleted message ranges in <c>{meta del}</c>.</summary>
public sealed class MsgDelValues
{
    public long Clear { get; set; }
    [JsonPropertyName("delseq")]
    public MsgRange[]? DelSeq { get; set; }
}
