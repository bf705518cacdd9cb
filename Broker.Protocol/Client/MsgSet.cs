using System.Text.Json;

namespace Broker.Protocol.Client;

/// <summary><c>{set}</c>: update topic metadata.</summary>
public sealed class MsgSet
{
    public string? Id { get; set; }
    public string? Topic { get; set; }
    public MsgSetDesc? Desc { get; set; }
    public MsgSetSub? Sub { get; set; }
    public string[]? Tags { get; set; }
    public MsgCred? Cred { get; set; }

    /// <summary>Auxiliary topic data to merge (an object, e.g. <c>pins</c>).</summary>
    public JsonElement? Aux { get; set; }
}
