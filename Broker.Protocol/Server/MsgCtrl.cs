using System.Text.Json.Serialization;

namespace Broker.Protocol.Server;

/// <summary><c>{ctrl}</c>: the reply to a request, or a server notice such as eviction.</summary>
public sealed class MsgCtrl
{
    public string? Id { get; set; }
    public string? Topic { get; set; }
    public CtrlParams? Params { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int Code { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string Text { get; set; } = string.Empty;
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTime Ts { get; set; }
}
