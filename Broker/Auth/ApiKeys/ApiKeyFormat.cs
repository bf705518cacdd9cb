using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Broker.Auth;

/// <summary>
/// Tinode's API key layout: <c>[1 version=1][4 unused][2 sequence][1 is root][16 HMAC-MD5 of the first 8 bytes]</c>,
/// little-endian, 24 bytes in URL-safe base64. HMAC-MD5 is Tinode's choice and keeps its published keys valid; the key
/// only tells a client app apart, it grants no access by itself.
/// </summary>
internal static class ApiKeyFormat
{
    public const int Length = 24;
    private const int SignedLength = 8;

    /// <summary>Mints a key for <paramref name="salt"/>.</summary>
    public static string Mint(ReadOnlySpan<byte> salt, ushort sequence, bool root)
    {
        Span<byte> key = stackalloc byte[Length];
        key.Clear();
        key[0] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(key[5..], sequence);
        key[7] = root ? (byte)1 : (byte)0;
        HMACMD5.HashData(salt, key[..SignedLength], key[SignedLength..]);
        return Convert.ToBase64String(key).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>True when <paramref name="key"/> is a version-1 key signed with <paramref name="salt"/>.</summary>
    public static bool IsSigned(string key, ReadOnlySpan<byte> salt)
    {
        if (key.Length != 32)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Length];
        var standard = key.Replace('-', '+').Replace('_', '/');
        if (!Convert.TryFromBase64String(standard, bytes, out var written) || written != Length || bytes[0] != 1)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[16];
        HMACMD5.HashData(salt, bytes[..SignedLength], mac);
        return CryptographicOperations.FixedTimeEquals(mac, bytes[SignedLength..]);
    }

    /// <summary>Decodes a salt given in standard or URL-safe base64, as Tinode's keygen accepts both.</summary>
    public static bool TryDecodeSalt(string? text, out byte[] salt)
    {
        salt = [];
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var standard = text.Trim().Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        try
        {
            salt = Convert.FromBase64String(standard);
            return salt.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
