using System.Text.Json;
using System.Text.Json.Serialization;

namespace Broker.Admin;

/// <summary>
/// <c>POST /v0/admin/emc/{topic}/messages</c>: a message the gateway received. <c>channel</c> and <c>from</c> (the
/// external party) are required, <c>to</c> optional; <c>external_id</c> makes the call idempotent.
/// </summary>
internal sealed class EmcInboundRequest
{
    public string? Channel { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public Dictionary<string, JsonElement>? Head { get; set; }
    public JsonElement? Content { get; set; }

    [JsonPropertyName("external_id")]
    public string? ExternalId { get; set; }
}
