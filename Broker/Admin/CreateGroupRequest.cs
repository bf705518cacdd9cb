using System.Text.Json;

namespace Broker.Admin;

/// <summary><c>POST /v0/admin/topics</c>: a group with an owner (default: the system user) and members.</summary>
internal sealed class CreateGroupRequest
{
    public string? Owner { get; set; }
    public JsonElement? Public { get; set; }
    public DefaultAccessView? DefAcs { get; set; }
    public string[]? Tags { get; set; }
    public MemberRequest[]? Members { get; set; }
}
