using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Broker.Protocol.Json;

/// <summary>
/// Writes timestamps as RFC 3339 UTC with exactly three fraction digits (<c>2026-01-02T03:04:05.678Z</c>),
/// the form Tinode clients parse; reads any RFC 3339 form.
/// </summary>
public sealed class TimestampConverter : JsonConverter<DateTime>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null || !DateTime.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new JsonException("invalid timestamp");
        }

        return value;
    }

    /// <summary>The length of every written timestamp in bytes.</summary>
    public const int Length = 24;

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        Span<byte> buffer = stackalloc byte[Length];
        FormatUtf8(value, buffer);
        writer.WriteStringValue(buffer);
    }

    /// <summary>
    /// Writes <paramref name="value"/> as <see cref="Format"/> into the first <see cref="Length"/> bytes of
    /// <paramref name="destination"/>. By hand: every frame carries a timestamp, and a custom format string goes through
    /// the framework's general-purpose formatter (culture lookups, a parse of the pattern) each time.
    /// </summary>
    public static void FormatUtf8(DateTime value, Span<byte> destination)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        var d = destination[..Length];
        Digits(d[..4], utc.Year);
        d[4] = (byte)'-';
        Digits(d.Slice(5, 2), utc.Month);
        d[7] = (byte)'-';
        Digits(d.Slice(8, 2), utc.Day);
        d[10] = (byte)'T';
        Digits(d.Slice(11, 2), utc.Hour);
        d[13] = (byte)':';
        Digits(d.Slice(14, 2), utc.Minute);
        d[16] = (byte)':';
        Digits(d.Slice(17, 2), utc.Second);
        d[19] = (byte)'.';
        Digits(d.Slice(20, 3), utc.Millisecond);
        d[23] = (byte)'Z';
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>Truncates to the millisecond, the precision every stored and sent timestamp has.</summary>
    public static DateTime Truncate(DateTime value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
