using System.Text.Json;

namespace Broker.Admin;

/// <summary>
/// <c>PATCH /v0/admin/users/{id}</c>: <c>public</c> and <c>trusted</c> (merged: <c>"␡"</c> clears a member),
/// <c>state</c> (<c>ok</c>, <c>suspended</c>) and/or <c>rateLimits</c> (the user's own limits; <c>null</c> returns to
/// the defaults). <c>trusted</c> carries server-vouched badges such as <c>{"verified":true}</c> or <c>{"staff":true}</c>;
/// clients cannot set it.
/// </summary>
internal sealed class UpdateUserRequest
{
    public JsonElement? Public { get; set; }
    public JsonElement? Trusted { get; set; }
    public string? State { get; set; }

    /// <summary>Kept as JSON so that an explicit <c>null</c> (clear) differs from leaving it out (Undefined).</summary>
    public JsonElement RateLimits { get; set; }
}
