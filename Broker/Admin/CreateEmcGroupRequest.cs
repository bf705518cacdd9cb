using System.Text.Json;

namespace Broker.Admin;

/// <summary><c>POST /v0/admin/emc</c>: an emc group for a ring group or queue, with its agents (<c>usr…</c> ids).</summary>
internal sealed class CreateEmcGroupRequest
{
    public string[]? Members { get; set; }
    public JsonElement? Public { get; set; }
}
