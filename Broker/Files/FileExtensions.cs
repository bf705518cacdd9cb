using System.Collections.Frozen;
using Microsoft.AspNetCore.StaticFiles;

namespace Broker.Files;

/// <summary>
/// The extension a served file's URL ends with, from its content type: the reverse of ASP.NET Core's extension map,
/// preferring the extension that is the type's own name (<c>image/jpeg</c> → <c>.jpeg</c>), then the shortest.
/// </summary>
internal static class FileExtensions
{
    private static readonly FrozenDictionary<string, string> ByType = Build();

    public static string For(string mimeType)
    {
        var bare = mimeType.Split(';', 2)[0].Trim();
        return ByType.GetValueOrDefault(bare, string.Empty);
    }

    private static FrozenDictionary<string, string> Build()
    {
        var best = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (extension, type) in new FileExtensionContentTypeProvider().Mappings.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var own = type.EndsWith("/" + extension[1..], StringComparison.OrdinalIgnoreCase);
            if (!best.TryGetValue(type, out var current)
                || (own && !type.EndsWith("/" + current[1..], StringComparison.OrdinalIgnoreCase))
                || (!type.EndsWith("/" + current[1..], StringComparison.OrdinalIgnoreCase) && extension.Length < current.Length))
            {
                best[type] = extension;
            }
        }

        return best.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
