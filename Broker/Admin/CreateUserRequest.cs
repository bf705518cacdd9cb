using System.Text.Json;

namespace Broker.Admin;

/// <summary>
/// <c>POST /v0/admin/users</c>: either <c>login</c> + <c>password</c> (a <c>basic</c> account), or <c>external</c>
/// (an externally authenticated user, stored with an auth record of scheme <c>ext</c>; it logs in with a token
/// issued by the admin API). <c>id</c> optionally chooses the user id.
/// </summary>
internal sealed class CreateUserRequest
{
    public string? Login { get; set; }
    public string? Password { get; set; }
    public string? External { get; set; }
    public string? Id { get; set; }
    public JsonElement? Public { get; set; }
    public string[]? Tags { get; set; }
}
