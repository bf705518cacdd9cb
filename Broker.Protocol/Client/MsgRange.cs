using System.Text.Json.Serialization;

namespace Broker.Protocol.Client;

/// <summary>A range of seq ids: <c>low</c> inclusive, <c>hi</c> exclusive; <c>hi</c> 0 means just <c>low</c>.</summary>
public sealed class MsgRange
{
    public long Low { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Hi { get; set; }
}
