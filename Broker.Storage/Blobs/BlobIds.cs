namespace Broker.Storage.Blobs;

/// <summary>
/// Blob ids are what the broker generates: 1 to 64 characters of <c>[A-Za-z0-9_-]</c>. Checked before an id becomes a
/// file name, so no id can leave the blob folder.
/// </summary>
public static class BlobIds
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    public static void ThrowIfInvalid(string id)
    {
        if (!IsValid(id))
        {
            throw new ArgumentException("a blob id is 1 to 64 characters of [A-Za-z0-9_-]", nameof(id));
        }
    }
}
