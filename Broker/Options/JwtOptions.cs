namespace Broker.Options;

/// <summary>
/// External identity (<c>{login scheme:"jwt"}</c>), bound from <c>Auth:Jwt</c>. Off unless <see cref="Issuer"/> and
/// <see cref="Audience"/> are set and keys come from <see cref="JwksFile"/> or <see cref="Authority"/>.
/// </summary>
public sealed class JwtOptions
{
    /// <summary>The <c>iss</c> every token must carry, e.g. <c>https://login.example.com/realms/ism</c>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> every token must carry (the client id registered for Broker).</summary>
    public string? Audience { get; set; }

    /// <summary>A JWKS file with the signing keys; re-read when a token names an unknown <c>kid</c>.</summary>
    public string? JwksFile { get; set; }

    /// <summary>OpenID Connect authority: keys from its discovery document, cached and refreshed on an unknown <c>kid</c>.</summary>
    public string? Authority { get; set; }

    /// <summary>Only for tests against a loopback identity provider: allow discovery over plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerance for <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often keys may be refetched because of an unknown <c>kid</c>.</summary>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Issuer) && !string.IsNullOrWhiteSpace(Audience)
        && (!string.IsNullOrWhiteSpace(JwksFile) || !string.IsNullOrWhiteSpace(Authority));
}
