using System.Text;
using Broker.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Broker.Auth;

/// <summary>
/// Validates <c>{login scheme:"jwt"}</c> secrets with Microsoft.IdentityModel: signature (RS256/384/512, PS256,
/// ES256/384/512) against the provider's keys, <c>iss</c>, <c>aud</c>, <c>exp</c> and <c>nbf</c> with a small clock skew.
/// </summary>
internal sealed class JwtLogin
{
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512, SecurityAlgorithms.RsaSsaPssSha256,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private readonly JwtOptions settings;
    private readonly IJwtKeySource? keys;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public JwtLogin(IOptions<AuthOptions> options, IHttpClientFactory httpClients, TimeProvider clock)
    {
        settings = options.Value.Jwt;
        if (!settings.IsEnabled)
        {
            return;
        }

        keys = !string.IsNullOrWhiteSpace(settings.JwksFile)
            ? new JwksFileKeySource(settings.JwksFile, settings.MinimumRefreshInterval, clock)
            : new AuthorityKeySource(settings.Authority!, settings.RequireHttpsMetadata, settings.MinimumRefreshInterval, httpClients.CreateClient(nameof(JwtLogin)), clock);
    }

    public bool IsEnabled => keys is not null;

    /// <summary>The identity in a valid token, or null (expired, forged, wrong audience or issuer, malformed).</summary>
    public async Task<JwtIdentity?> ValidateAsync(string? secret, CancellationToken cancellationToken)
    {
        if (keys is null || Decode(secret) is not { } compact)
        {
            return null;
        }

        var result = await ValidateWithAsync(compact, await keys.GetKeysAsync(false, cancellationToken));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider may have rotated its keys: fetch them again (rate-limited by the source) and retry once.
            result = await ValidateWithAsync(compact, await keys.GetKeysAsync(true, cancellationToken));
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken token || string.IsNullOrEmpty(token.Subject))
        {
            return null;
        }

        token.TryGetPayloadValue<string>("name", out var name);
        token.TryGetPayloadValue<string>("email", out var email);
        var verified = (token.TryGetPayloadValue<bool>("email_verified", out var flag) && flag)
            || (token.TryGetPayloadValue<string>("email_verified", out var text) && string.Equals(text, "true", StringComparison.OrdinalIgnoreCase));
        return new JwtIdentity(token.Issuer, token.Subject, string.IsNullOrWhiteSpace(name) ? null : name, email, verified);
    }

    private Task<TokenValidationResult> ValidateWithAsync(string compact, IReadOnlyList<SecurityKey> signingKeys) =>
        handler.ValidateTokenAsync(compact, new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = Algorithms,
            ClockSkew = settings.ClockSkew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
        });

    /// <summary>The secret is base64 of the compact JWT as Tinode's secrets are; a compact JWT as is is accepted too.</summary>
    private static string? Decode(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret) || secret.Length > 16 * 1024)
        {
            return null;
        }

        if (secret.Contains('.', StringComparison.Ordinal))
        {
            return secret;
        }

        try
        {
            var text = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(secret));
            return text.Contains('.', StringComparison.Ordinal) ? text : null;
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            return null;
        }
    }
}
