using Broker.Protocol.Names;
using Broker.Protocol.Server;

namespace Broker.Auth;

/// <summary>The result of <c>{acc}</c> or <c>{login}</c>: the reply code, and the identity when it succeeded.</summary>
internal sealed record AuthOutcome(CtrlCode Code, CtrlParams? Params = null)
{
    public UserId User { get; init; }

    public AuthLevel Level { get; init; }

    /// <summary>The user's own rate limits (server API), null for the configured defaults.</summary>
    public Storage.UserRateLimits? RateLimits { get; init; }

    /// <summary>True when the session becomes authenticated as <see cref="User"/>.</summary>
    public bool Authenticated { get; init; }

    public static AuthOutcome Fail(CtrlCode code, string? what = null) =>
        new(code, what is null ? null : new CtrlParams { What = what });
}
