using System.Text.Json;
using Broker.Storage.Blobs;

namespace Broker.Files;

/// <summary>
/// The URLs of uploaded files, <c>/v0/file/s/&lt;id&gt;.&lt;ext&gt;</c>, as Tinode's file handler names them, and the
/// file ids found in what clients send: <c>extra.attachments</c> and <c>public.photo.ref</c>.
/// </summary>
internal static class FileUrls
{
    public const string UploadPath = "/v0/file/u";
    public const string ServePrefix = "/v0/file/s/";

    /// <summary>Most attachments one message links; Tinode's clients send one per attached file.</summary>
    private const int MaxReferences = 32;

    public static string For(string id, string mimeType) => ServePrefix + id + FileExtensions.For(mimeType);

    /// <summary>
    /// The file id in <paramref name="url"/>: a relative <c>/v0/file/s/…</c> URL or an absolute one with that path
    /// (on any host: clients may prefix the server's address), the id being the last segment up to its first dot.
    /// </summary>
    public static bool TryParseId(string? url, out string id)
    {
        id = string.Empty;
        if (string.IsNullOrEmpty(url))
        {
            return false;
        }

        var path = url.AsSpan();
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
        {
            path = absolute.AbsolutePath.AsSpan();
        }

        var end = path.IndexOfAny('?', '#');
        if (end >= 0)
        {
            path = path[..end];
        }

        if (!path.StartsWith(ServePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var name = path[ServePrefix.Length..];
        var dot = name.IndexOf('.');
        var candidate = (dot >= 0 ? name[..dot] : name).ToString();
        if (!BlobIds.IsValid(candidate))
        {
            return false;
        }

        id = candidate;
        return true;
    }

    /// <summary>The distinct file ids of <c>extra.attachments</c>; other URLs are ignored, as Tinode ignores them.</summary>
    public static IReadOnlyList<string> IdsIn(IEnumerable<string>? urls)
    {
        if (urls is null)
        {
            return [];
        }

        List<string>? ids = null;
        foreach (var url in urls)
        {
            if (TryParseId(url, out var id) && !(ids ??= []).Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
                if (ids.Count == MaxReferences)
                {
                    break;
                }
            }
        }

        return ids ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The file id of an avatar stored by reference, <c>public.photo.ref</c>, if any.</summary>
    public static IReadOnlyList<string> AvatarIdsIn(string? publicJson)
    {
        if (string.IsNullOrEmpty(publicJson))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(publicJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("photo", out var photo) && photo.ValueKind == JsonValueKind.Object
                && photo.TryGetProperty("ref", out var reference) && reference.ValueKind == JsonValueKind.String
                && TryParseId(reference.GetString(), out var id))
            {
                return [id];
            }
        }
        catch (JsonException)
        {
            // Not JSON: no avatar to keep.
        }

        return [];
    }
}
