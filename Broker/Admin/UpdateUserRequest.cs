using System.Text.Json;

namespace Broker.Admin;

/// <summary>
/// <c>PATCH /v0/admin/users/{id}</c>: <c>public</c> and <c>trusted</c> (merged: <c>"␡"</c> clears a member) and/or
/// <c>state</c> (<c>ok</c>, <c>suspended</c>). <c>trusted</c> carries server-vouched badges such as
/// <c>{"verified":true}</c> or <c>{"staff":true}</c>; clients cannot set it.
/// </summary>
internal sealed class UpdateUserRequest
{
    public JsonElement? Public { get; set; }
    public JsonElement? Trusted { get; set; }
    public string? State { get; set; }
}
