using System.Text.Json;

namespace Broker.Protocol.Client;

/// <summary><c>{note}</c>: typing and read/recv notifications; never acknowledged.</summary>
public sealed class MsgNote
{
    public string? Topic { get; set; }
    public string? What { get; set; }
    public long Seq { get; set; }
    public int Unread { get; set; }
    public string? Event { get; set; }
    public JsonElement? Payload { get; set; }
}
