using System.Text.Json;

namespace Broker.Protocol.Client;

/// <summary>A credential (<c>email</c>, <c>tel</c>) sent by the client.</summary>
public sealed class MsgCred
{
    public string? Meth { get; set; }
    public string? Val { get; set; }
    public string? Resp { get; set; }
    public JsonElement? Params { get; set; }
}
