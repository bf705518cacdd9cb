using System.Text.RegularExpressions;

namespace Broker.Auth;

/// <summary>Tinode's tag rules: lowercased, 2 to 96 characters, starting with a letter or digit.</summary>
internal static partial class TagRules
{
    public const int MinLength = 2;
    public const int MaxLength = 96;

    [GeneratedRegex(@"^[\p{L}\p{N}][-_+.!?#@:\p{L}\p{N}]*$")]
    private static partial Regex TagPattern();

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
}
