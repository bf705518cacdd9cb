using System.Buffers.Binary;
using System.Security.Cryptography;
using Broker.Options;
using Microsoft.Extensions.Options;

namespace Broker.Auth;

/// <summary>
/// Stateless login tokens in Tinode's layout: <c>[8 uid][4 expires][2 auth level][2 serial][2 features][32 HMAC-SHA256]</c>,
/// little-endian, standard base64. A token is bound to its user; the user's existence is checked at login.
/// </summary>
internal sealed class TokenService
{
    private const int BodySize = 18;
    private const int TokenSize = BodySize + 32;
    private const ushort Serial = 1;
    private readonly byte[] key;
    private readonly TimeSpan lifetime;
    private readonly TimeProvider clock;

    public TokenService(IOptions<AuthOptions> options, TimeProvider clock)
    {
        this.clock = clock;
        lifetime = options.Value.TokenLifetime;
        key = TokenKeySource.Load(options.Value);
    }

    public (string Token, DateTime Expires) Issue(long userId, AuthLevel level)
    {
        var expires = clock.GetUtcNow().UtcDateTime.Add(lifetime);
        expires = new DateTime(expires.Ticks - (expires.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        Span<byte> token = stackalloc byte[TokenSize];
        BinaryPrimitives.WriteInt64LittleEndian(token, userId);
        BinaryPrimitives.WriteUInt32LittleEndian(token[8..], (uint)new DateTimeOffset(expires).ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt16LittleEndian(token[12..], (ushort)level);
        BinaryPrimitives.WriteUInt16LittleEndian(token[14..], Serial);
        BinaryPrimitives.WriteUInt16LittleEndian(token[16..], 0);
        HMACSHA256.HashData(key, token[..BodySize], token[BodySize..]);
        return (Convert.ToBase64String(token), expires);
    }

    /// <summary>Checks signature, serial and expiry; returns false for anything else.</summary>
    public bool TryValidate(string? token, out long userId, out AuthLevel level, out DateTime expires)
    {
        userId = 0;
        level = AuthLevel.None;
        expires = default;
        Span<byte> bytes = stackalloc byte[TokenSize + 2];
        if (token is null || !Convert.TryFromBase64String(token, bytes, out var written) || written != TokenSize)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, bytes[..BodySize], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, bytes[BodySize..TokenSize]))
        {
            return false;
        }

        userId = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..])).UtcDateTime;
        level = (AuthLevel)BinaryPrimitives.ReadUInt16LittleEndian(bytes[12..]);
        var serial = BinaryPrimitives.ReadUInt16LittleEndian(bytes[14..]);
        return serial == Serial && expires > clock.GetUtcNow().UtcDateTime && userId != 0;
    }
}
