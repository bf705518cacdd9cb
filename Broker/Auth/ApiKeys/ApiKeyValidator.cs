using System.Security.Cryptography;
using System.Text;
using Broker.Options;
using Microsoft.Extensions.Options;

namespace Broker.Auth;

/// <summary>
/// Decides whether an HTTP request (WebSocket upgrade, long polling, file transfer) carries a valid API key: one signed
/// with <see cref="AuthOptions.ApiKeySalt"/> in Tinode's format, or one of the literal <see cref="BrokerOptions.ApiKeys"/>.
/// The key is read as Tinode reads it: header <c>X-Tinode-APIKey</c>, query <c>apikey</c>, then cookie <c>apikey</c>.
/// </summary>
internal sealed class ApiKeyValidator
{
    public const string HeaderName = "X-Tinode-APIKey";
    private readonly byte[] salt;
    private readonly byte[][] literalKeys;

    public ApiKeyValidator(IOptions<AuthOptions> auth, IOptions<BrokerOptions> broker)
    {
        if (!ApiKeyFormat.TryDecodeSalt(auth.Value.ApiKeySalt, out salt))
        {
            throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions), ["Auth:ApiKeySalt must be base64"]);
        }

        literalKeys = [.. broker.Value.ApiKeys.Where(k => !string.IsNullOrEmpty(k)).Select(Encoding.UTF8.GetBytes)];
    }

    public bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 256)
        {
            return false;
        }

        if (ApiKeyFormat.IsSigned(key, salt))
        {
            return true;
        }

        var bytes = Encoding.UTF8.GetBytes(key);
        var match = false;
        foreach (var literal in literalKeys)
        {
            // Every key is compared so the time taken does not tell which one nearly matched.
            match |= CryptographicOperations.FixedTimeEquals(bytes, literal);
        }

        return match;
    }

    /// <summary>The one check every client-facing HTTP endpoint makes.</summary>
    public bool IsAllowed(HttpContext context) => IsValid(KeyOf(context.Request));

    private static string? KeyOf(HttpRequest request)
    {
        // The first value of each, as Go's Header.Get and Query().Get read it: a link authorized twice carries
        // apikey twice, and Tinode accepts it.
        string? key = request.Headers[HeaderName].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            key = request.Query["apikey"].FirstOrDefault();
        }

        if (string.IsNullOrEmpty(key))
        {
            key = request.Cookies["apikey"];
        }

        return string.IsNullOrEmpty(key) ? null : key;
    }
}
