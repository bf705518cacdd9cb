using System.Text.RegularExpressions;

namespace Broker.Auth;

/// <summary>What a <c>basic</c> login may look like, and the tag that names it (Tinode's <c>basic:&lt;login&gt;</c>).</summary>
internal static partial class BasicLogin
{
    public const string TagNamespace = "basic";

    public const int MaxLength = 32;

    [GeneratedRegex(@"^[\p{L}\p{N}][_.\p{L}\p{N}]*[\p{L}\p{N}]+$")]
    private static partial Regex Pattern();

    /// <summary>A lowercased login of <paramref name="minLength"/> to 32 letters, digits, <c>_</c> and <c>.</c>, starting and ending with a letter or digit.</summary>
    public static bool IsAcceptable(string login, int minLength) =>
        login.Length >= minLength && login.Length <= MaxLength && Pattern().IsMatch(login);

    public static string Tag(string login) => TagNamespace + ":" + login;
}
