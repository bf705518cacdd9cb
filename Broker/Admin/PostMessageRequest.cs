using System.Text.Json;

namespace Broker.Admin;

/// <summary>
/// <c>POST /v0/admin/topics/{name}/messages</c>: <c>content</c> (any JSON, required), optional <c>head</c> and
/// <c>from</c> (a member's <c>usr…</c> id; when omitted the configured system user, else no sender).
/// </summary>
internal sealed class PostMessageRequest
{
    public string? From { get; set; }
    public Dictionary<string, JsonElement>? Head { get; set; }
    public JsonElement? Content { get; set; }
}
