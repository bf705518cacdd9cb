namespace Broker.Auth;

/// <summary>Who a validated external token says the user is. <c>Issuer</c> + <c>Subject</c> is the stable key.</summary>
internal sealed record JwtIdentity(string Issuer, string Subject, string? Name, string? Email, bool EmailVerified)
{
    /// <summary>The unique name of the user's <c>jwt</c> auth record.</summary>
    public string Unique => Issuer + "|" + Subject;
}
