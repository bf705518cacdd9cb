namespace Broker.Admin;

/// <summary>A member to add (<c>user</c>) with the access <c>mode</c> given (default: the group's <c>defacs.auth</c>).</summary>
internal sealed class MemberRequest
{
    public string? User { get; set; }
    public string? Mode { get; set; }
}
