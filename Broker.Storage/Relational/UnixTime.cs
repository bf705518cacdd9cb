namespace Broker.Storage.Relational;

/// <summary>Timestamps are stored as UTC unix milliseconds; the broker's times have millisecond precision.</summary>
internal static class UnixTime
{
    public static long ToMs(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return (utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
    }

    public static long? ToMs(DateTime? value) => value is { } v ? ToMs(v) : null;

    public static DateTime FromMs(long ms) => new(DateTime.UnixEpoch.Ticks + (ms * TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    public static DateTime? FromMs(long? ms) => ms is { } v ? FromMs(v) : null;
}
