using Broker.Protocol.Json;

namespace Broker.Protocol.Server;

/// <summary>One subscription in <c>{meta sub}</c>.</summary>
public sealed class MsgTopicSub
{
    public DateTime? Updated { get; set; }
    public DateTime? Deleted { get; set; }
    public bool? Online { get; set; }
    public MsgAccessModeInfo? Acs { get; set; }
    public long? Read { get; set; }
    public long? Recv { get; set; }
    public RawJson? Public { get; set; }
    public RawJson? Trusted { get; set; }
    public RawJson? Private { get; set; }
    public string? User { get; set; }
    public string? Topic { get; set; }
    public DateTime? Touched { get; set; }
    public long? Seq { get; set; }
    public long? Clear { get; set; }
    public MsgLastSeen? Seen { get; set; }

    /// <summary>Tinode's <c>subcnt</c>: a group's subscribers (in <c>fnd</c> results).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("subcnt")]
    public int? SubCount { get; set; }
}
