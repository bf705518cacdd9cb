using Broker.Protocol.Json;

namespace Broker.Protocol.Server;

/// <summary><c>{info}</c>: a relayed <c>{note}</c> (typing, read, recv), or an emc delivery status (<c>what:"emc"</c>).</summary>
public sealed class MsgInfo
{
    public string Topic { get; set; } = string.Empty;
    public string? Src { get; set; }
    public string? From { get; set; }
    public string What { get; set; } = string.Empty;
    public long? Seq { get; set; }
    public string? Event { get; set; }
    public RawJson? Payload { get; set; }

    /// <summary>With <c>what:"emc"</c>: what the gateway reported for message <c>seq</c> (<c>delivered</c>, <c>failed</c>).</summary>
    public string? Status { get; set; }
}
