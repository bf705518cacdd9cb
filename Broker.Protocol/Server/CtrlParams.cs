using Broker.Protocol.Json;
using System.Text.Json.Serialization;

namespace Broker.Protocol.Server;

/// <summary>
/// Every parameter any <c>{ctrl}</c> carries; unset members are omitted. One flat class keeps the
/// serializer source-generated (no <c>object</c> maps).
/// </summary>
public sealed class CtrlParams
{
    // {hi}
    public string? Ver { get; set; }
    public string? Build { get; set; }
    public string? Sid { get; set; }
    public int? MaxMessageSize { get; set; }
    public int? MaxSubscriberCount { get; set; }
    public int? MinTagLength { get; set; }
    public int? MaxTagLength { get; set; }
    public int? MaxTagCount { get; set; }
    public long? MaxFileUploadSize { get; set; }
    public int? MsgDelAge { get; set; }
    public MsgIceServer[]? IceServers { get; set; }

    // POST /v0/file/u/: where the upload can be downloaded
    public string? Url { get; set; }

    // {login}, {acc}
    public string? User { get; set; }
    [JsonPropertyName("authlvl")]
    public string? AuthLevel { get; set; }
    public string? Token { get; set; }
    public DateTime? Expires { get; set; }
    public MsgTopicDesc? Desc { get; set; }
    public string[]? Cred { get; set; }

    /// <summary>The required credential methods a new account did not name (422, as Tinode's <c>creds</c>).</summary>
    [JsonPropertyName("creds")]
    public string[]? MissingCredentials { get; set; }

    // {pub}, {get}, {sub}, {set}, {del}
    public long? Seq { get; set; }

    /// <summary>{pub} with <c>extra.idk</c>: true when the key was already stored and nothing was stored again.</summary>
    public bool? Duplicate { get; set; }
    public MsgAccessModeInfo? Acs { get; set; }
    [JsonPropertyName("tmpname")]
    public string? TmpName { get; set; }
    public string? What { get; set; }
    public int? Count { get; set; }
    public bool? Unsub { get; set; }
    public long? Del { get; set; }
    public int? Added { get; set; }
    public int? Removed { get; set; }
    public string? Topic { get; set; }

    // error details: retry-after in milliseconds for 429/503, the offending part for 4xx
    [JsonPropertyName("retryAfter")]
    public int? RetryAfterMs { get; set; }
    public string? Reason { get; set; }
    public RawJson? Extra { get; set; }
}
