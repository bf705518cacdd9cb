using System.Text.Json;

namespace Broker.Admin;

/// <summary><c>PATCH /v0/admin/users/{id}</c>: <c>public</c> (merged: <c>"␡"</c> clears) and/or <c>state</c> (<c>ok</c>, <c>suspended</c>).</summary>
internal sealed class UpdateUserRequest
{
    public JsonElement? Public { get; set; }
    public string? State { get; set; }
}
