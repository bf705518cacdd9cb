using System.Text;

namespace Broker.Auth;

/// <summary>The <c>basic</c> scheme's secret: standard base64 of <c>login:password</c>.</summary>
internal static class BasicSecret
{
    public static bool TryParse(string? secret, out string login, out string password)
    {
        login = string.Empty;
        password = string.Empty;
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(secret);
        }
        catch (FormatException)
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        login = text[..colon].ToLowerInvariant();
        password = text[(colon + 1)..];
        return true;
    }
}
