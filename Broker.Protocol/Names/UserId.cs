using System.Buffers.Binary;
using System.Buffers.Text;

namespace Broker.Protocol.Names;

/// <summary>
/// A 64-bit user id and its wire form: <c>usr</c> + base64url (no padding) of the 8 little-endian bytes.
/// </summary>
public readonly record struct UserId(long Value)
{
    public const string Prefix = "usr";

    public bool IsZero => Value == 0;

    /// <summary>The 11-character base64url body without the prefix.</summary>
    public string Body
    {
        get
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, Value);
            return Base64Url.EncodeToString(bytes);
        }
    }

    public override string ToString() => Prefix + Body;

    /// <summary>Parses <c>usrXXXXXXXXXXX</c>.</summary>
    public static bool TryParse(string? text, out UserId id) => TryParseBody(text, Prefix, out id);

    /// <summary>Parses an 11-character base64url body after <paramref name="prefix"/>.</summary>
    public static bool TryParseBody(string? text, string prefix, out UserId id)
    {
        id = default;
        if (text is null || text.Length != prefix.Length + 11 || !text.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = text.AsSpan(prefix.Length);
        Span<byte> bytes = stackalloc byte[9];
        if (!Base64Url.IsValid(body) || !Base64Url.TryDecodeFromChars(body, bytes, out var written) || written != 8)
        {
            return false;
        }

        id = new UserId(BinaryPrimitives.ReadInt64LittleEndian(bytes));
        return !id.IsZero;
    }
}
