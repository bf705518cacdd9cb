using System.Text.Json;

namespace Broker.Protocol.Client;

/// <summary><c>{pub}</c>: publish a message.</summary>
public sealed class MsgPub
{
    public string? Id { get; set; }
    public string? Topic { get; set; }
    public bool NoEcho { get; set; }
    public Dictionary<string, JsonElement>? Head { get; set; }
    public JsonElement? Content { get; set; }
}
