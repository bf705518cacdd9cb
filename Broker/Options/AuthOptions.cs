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
}
