namespace Broker.Tests.Infrastructure;

/// <summary>
/// A clock that stands still until a test moves it: <see cref="GetUtcNow"/> and <see cref="GetTimestamp"/> follow
/// <see cref="Advance"/> only. Timers are the system's, so code that waits on one still runs in real time.
/// </summary>
public sealed class FakeClock : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = new(2026, 1, 6, 18, 0, 0, TimeSpan.Zero);
    private long timestamp = 1_000_000_000;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long GetTimestamp()
    {
        lock (gate)
        {
            return timestamp;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
            timestamp += by.Ticks;
        }
    }
}
