using System.Text.Json;

namespace Broker.Admin;

/// <summary>
/// <c>PATCH /v0/admin/users/{id}</c>: <c>public</c> (merged: <c>"␡"</c> clears), <c>state</c> (<c>ok</c>,
/// <c>suspended</c>) and/or <c>rateLimits</c> (the user's own limits; <c>null</c> returns to the defaults).
/// </summary>
internal sealed class UpdateUserRequest
{
    public JsonElement? Public { get; set; }
    public string? State { get; set; }

    /// <summary>Kept as JSON so that an explicit <c>null</c> (clear) differs from leaving it out (Undefined).</summary>
    public JsonElement RateLimits { get; set; }
}
