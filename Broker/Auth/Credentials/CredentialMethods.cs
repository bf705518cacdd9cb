using System.Text.RegularExpressions;

namespace Broker.Auth;

/// <summary>The credential methods Broker validates, and how their values are normalised.</summary>
internal static partial class CredentialMethods
{
    public const string Email = "email";
    public const string Tel = "tel";

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9]{6,15}$")]
    private static partial Regex TelPattern();

    public static bool IsKnown(string? method) => method is Email or Tel;

    /// <summary>Lowercases an address, strips spaces, dashes and brackets from a number; false when the value is not one.</summary>
    public static bool TryNormalize(string? method, string? value, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(value) || value.Length > 254)
        {
            return false;
        }

        switch (method)
        {
            case Email:
                normalized = value.Trim().ToLowerInvariant();
                return EmailPattern().IsMatch(normalized);
            case Tel:
                normalized = string.Concat(value.Where(c => c is not (' ' or '-' or '(' or ')' or '.')));
                return TelPattern().IsMatch(normalized);
            default:
                return false;
        }
    }

    /// <summary>The tag a confirmed credential gives its user, as Tinode does: <c>email:alice@example.com</c>.</summary>
    public static string Tag(string method, string value) => method + ":" + value;
}
