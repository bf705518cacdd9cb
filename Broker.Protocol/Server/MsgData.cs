using Broker.Protocol.Json;
using System.Text.Json.Serialization;

namespace Broker.Protocol.Server;

/// <summary><c>{data}</c>: one message of a topic.</summary>
public sealed class MsgData
{
    public string Topic { get; set; } = string.Empty;
    public string? From { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTime Ts { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long Seq { get; set; }
    public RawJson? Head { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public RawJson? Content { get; set; }
}
