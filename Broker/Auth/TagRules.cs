using System.Text.RegularExpressions;

namespace Broker.Auth;

/// <summary>
/// Tinode's tag rules: lowercased, 2 to 96 characters, starting with a letter or digit. A prefixed tag is
/// <c>namespace:value</c>, the namespace an ASCII letter and 1 to 15 ASCII letters, digits or underscores.
/// </summary>
internal static partial class TagRules
{
    public const int MinLength = 2;
    public const int MaxLength = 96;

    [GeneratedRegex(@"^[\p{L}\p{N}][-_+.!?#@:\p{L}\p{N}]*$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^([a-z][A-Za-z0-9_]{1,15}):([-_+.!?#@\p{L}\p{N}]{1,96})$")]
    private static partial Regex PrefixedPattern();

    [GeneratedRegex(@"^[-_+.!?#@\p{L}\p{N}]{1,96}$")]
    private static partial Regex GenericPattern();

    /// <summary>Normalizes the tags; returns false when one is invalid. Extra tags past the limit are dropped, as Tinode does.</summary>
    public static bool TryNormalize(IEnumerable<string>? tags, int maxCount, out List<string> result)
    {
        result = [];
        if (tags is null)
        {
            return true;
        }

        foreach (var raw in tags)
        {
            var tag = raw?.Trim().ToLowerInvariant();
            if (tag is null || tag.Length < MinLength || tag.Length > MaxLength || !TagPattern().IsMatch(tag))
            {
                return false;
            }

            if (!result.Contains(tag))
            {
                result.Add(tag);
            }

            if (result.Count == maxCount)
            {
                break;
            }
        }

        return true;
    }

    /// <summary>The namespace of a well-formed prefixed tag (<c>email</c> of <c>email:a@b.c</c>), else null.</summary>
    public static string? NamespaceOf(string tag)
    {
        var match = PrefixedPattern().Match(tag);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>A prefixed tag (<see cref="NamespaceOf"/>) or a generic one (letters, digits and <c>-_+.!?#@</c>).</summary>
    public static bool IsSearchable(string term) => PrefixedPattern().IsMatch(term) || GenericPattern().IsMatch(term);

    public static bool IsPrefixed(string term) => PrefixedPattern().IsMatch(term);
}
