using Microsoft.IdentityModel.Tokens;

namespace Broker.Auth;

/// <summary>Where the identity provider's signing keys come from.</summary>
internal interface IJwtKeySource
{
    /// <summary>The keys, cached; <paramref name="refresh"/> asks for fresh ones (a token named an unknown <c>kid</c>).</summary>
    Task<IReadOnlyList<SecurityKey>> GetKeysAsync(bool refresh, CancellationToken cancellationToken);
}
