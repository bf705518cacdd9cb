using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Broker.Auth;

/// <summary>
/// Keys from an OpenID Connect authority (<c>Auth:Jwt:Authority</c>): IdentityModel's retriever reads the discovery
/// document and its JWKS; the keys are cached for <see cref="MaximumAge"/> and fetched again on an unknown <c>kid</c>,
/// at most once per refresh interval. The cache is ours rather than IdentityModel's ConfigurationManager because that
/// one refreshes in the background, while the retry after an unknown <c>kid</c> needs the new keys at once.
/// </summary>
internal sealed class AuthorityKeySource(string authority, bool requireHttps, TimeSpan minimumRefreshInterval, HttpClient http, TimeProvider clock) : IJwtKeySource
{
    public static readonly TimeSpan MaximumAge = TimeSpan.FromHours(12);
    private readonly string address = authority.TrimEnd('/') + "/.well-known/openid-configuration";
    private readonly HttpDocumentRetriever retriever = new(http) { RequireHttps = requireHttps };
    private readonly SemaphoreSlim gate = new(1, 1);
    private IReadOnlyList<SecurityKey>? keys;
    private DateTimeOffset fetched;

    public async Task<IReadOnlyList<SecurityKey>> GetKeysAsync(bool refresh, CancellationToken cancellationToken)
    {
        if (keys is { } cached && !Due(refresh))
        {
            return cached;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (keys is null || Due(refresh))
            {
                var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancellationToken);
                keys = [.. configuration.SigningKeys];
                fetched = clock.GetUtcNow();
            }

            return keys;
        }
        finally
        {
            gate.Release();
        }
    }

    private bool Due(bool refresh)
    {
        var age = clock.GetUtcNow() - fetched;
        return age >= MaximumAge || (refresh && age >= minimumRefreshInterval);
    }
}
