using Broker.Protocol.Json;

namespace Broker.Protocol.Server;

/// <summary><c>{info}</c>: a relayed <c>{note}</c> (typing, read, recv).</summary>
public sealed class MsgInfo
{
    public string Topic { get; set; } = string.Empty;
    public string? Src { get; set; }
    public string? From { get; set; }
    public string What { get; set; } = string.Empty;
    public long? Seq { get; set; }
    public string? Event { get; set; }
    public RawJson? Payload { get; set; }
}
