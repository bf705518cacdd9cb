using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Broker.Auth;

/// <summary>Numeric one-time codes: drawn from a CSPRNG, kept only as a hash, compared in constant time.</summary>
internal static class OneTimeCodes
{
    public static string New(int digits)
    {
        var max = (int)Math.Pow(10, digits);
        return RandomNumberGenerator.GetInt32(max).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>The hash stored for <paramref name="code"/>; bound to its subject so a hash cannot be replayed elsewhere.</summary>
    public static string Hash(string subject, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(subject + "\n" + code)));

    public static bool Matches(string subject, string? answer, string storedHash)
    {
        var expected = Encoding.ASCII.GetBytes(storedHash);
        var actual = Encoding.ASCII.GetBytes(Hash(subject, (answer ?? string.Empty).Trim()));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
