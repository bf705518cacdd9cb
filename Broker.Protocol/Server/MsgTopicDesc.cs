using Broker.Protocol.Json;
using System.Text.Json.Serialization;
using Broker.Protocol.Client;

namespace Broker.Protocol.Server;

/// <summary>A topic's description in <c>{meta desc}</c>.</summary>
public sealed class MsgTopicDesc
{
    public DateTime? Created { get; set; }
    public DateTime? Updated { get; set; }
    public DateTime? Touched { get; set; }
    public bool? Online { get; set; }

    /// <summary>The group is also a channel (readers subscribe as <c>chn…</c>).</summary>
    public bool? Chan { get; set; }
    [JsonPropertyName("defacs")]
    public MsgDefaultAcs? DefAcs { get; set; }
    public MsgAccessModeInfo? Acs { get; set; }
    public long? Seq { get; set; }
    public long? Read { get; set; }
    public long? Recv { get; set; }
    public long? Clear { get; set; }
    [JsonPropertyName("subcnt")]
    public int? SubCount { get; set; }
    public MsgLastSeen? Seen { get; set; }
    public RawJson? Public { get; set; }
    public RawJson? Trusted { get; set; }
    public RawJson? Private { get; set; }
}
