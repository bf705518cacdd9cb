using System.Text.Json;

namespace Broker.Admin;

/// <summary><c>POST /v0/admin/users/{id}/notify</c>: any JSON <c>payload</c> for the user's online sessions.</summary>
internal sealed class NotifyRequest
{
    public JsonElement? Payload { get; set; }
}
