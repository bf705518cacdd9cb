using System.ComponentModel.DataAnnotations;

namespace Broker.Options;

/// <summary>Authentication settings, bound from the <c>Auth</c> section. Secrets come from configuration only.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// Base64 HMAC key (at least 32 bytes) that signs tokens. When empty, a random key is generated once into
    /// <see cref="KeyFile"/> and reused.
    /// </summary>
    public string? TokenKey { get; set; }

    /// <summary>
    /// Base64 HMAC salt that Tinode-format API keys are signed with (<c>Broker keygen</c> mints them). The default is
    /// Tinode's published salt, so the demo key compiled into Tinode's apps works; set your own in production.
    /// </summary>
    public string ApiKeySalt { get; set; } = TinodeDefaultApiKeySalt;

    /// <summary>The salt in Tinode's sample configuration; its key is <c>AQEAAAABAAD_rAp4DJh05a1HAwFT3A6K</c>.</summary>
    public const string TinodeDefaultApiKeySalt = "T713/rYYgW7g4m3vG6zGRh7+FM1t0T8j13koXScOAj4=";

    public string KeyFile { get; set; } = "data/token.key";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>PBKDF2-SHA256 iterations for new password hashes.</summary>
    [Range(1000, 10_000_000)]
    public int PasswordIterations { get; set; } = 100_000;

    [Range(1, 32)]
    public int MinLoginLength { get; set; } = 2;

    [Range(1, 1024)]
    public int MinPasswordLength { get; set; } = 3;

    /// <summary>Credential methods (<c>email</c>, <c>tel</c>) a new account must confirm before it may log in.</summary>
    public string[] RequiredCredentials { get; set; } = [];

    /// <summary>Digits of a validation or reset code.</summary>
    [Range(4, 10)]
    public int CodeLength { get; set; } = 6;

    /// <summary>How long a validation or reset code stays valid.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Wrong answers a code takes before it is void (a new one must be requested).</summary>
    [Range(1, 100)]
    public int MaxCodeAttempts { get; set; } = 5;

    public BasicAuthOptions Basic { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    public SmsOptions Sms { get; set; } = new();

    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Why these settings cannot work (checked at start-up), or null.</summary>
    public string? Problem()
    {
        foreach (var method in RequiredCredentials)
        {
            if (method is not ("email" or "tel"))
            {
                return $"Auth:RequiredCredentials: unknown method '{method}' (email, tel)";
            }

            if (method == "email" && string.IsNullOrWhiteSpace(Smtp.Host) && !Smtp.LogCodes)
            {
                return "Auth:RequiredCredentials requires email, but Auth:Smtp:Host is not set (Auth:Smtp:LogCodes=true for development)";
            }

            if (method == "tel" && string.IsNullOrWhiteSpace(Sms.WebhookUrl) && !Smtp.LogCodes)
            {
                return "Auth:RequiredCredentials requires tel, but Auth:Sms:WebhookUrl is not set (Auth:Smtp:LogCodes=true for development)";
            }
        }

        if (!string.IsNullOrWhiteSpace(Jwt.JwksFile) && !string.IsNullOrWhiteSpace(Jwt.Authority))
        {
            return "Auth:Jwt: give JwksFile or Authority, not both";
        }

        var jwtMentioned = !string.IsNullOrWhiteSpace(Jwt.Issuer) || !string.IsNullOrWhiteSpace(Jwt.Audience)
            || !string.IsNullOrWhiteSpace(Jwt.JwksFile) || !string.IsNullOrWhiteSpace(Jwt.Authority);
        if (jwtMentioned && !Jwt.IsEnabled)
        {
            return "Auth:Jwt needs Issuer, Audience and one of JwksFile or Authority";
        }

        if (!string.IsNullOrWhiteSpace(Jwt.JwksFile) && !File.Exists(Jwt.JwksFile))
        {
            return $"Auth:Jwt:JwksFile '{Jwt.JwksFile}' does not exist";
        }

        return null;
    }
}
