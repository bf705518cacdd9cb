using System.Text.Json;

namespace Broker.Protocol.Client;

/// <summary>Topic or user description being set.</summary>
public sealed class MsgSetDesc
{
    public MsgDefaultAcs? DefAcs { get; set; }
    public JsonElement? Public { get; set; }
    public JsonElement? Trusted { get; set; }
    public JsonElement? Private { get; set; }
}
