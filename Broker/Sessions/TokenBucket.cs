namespace Broker.Sessions;

/// <summary>
/// A token bucket refilled continuously from <see cref="TimeProvider"/> timestamps: <c>burst</c> tokens at most,
/// <c>perSecond</c> added per second. Only a session's read loop uses it, so it takes no lock, allocates nothing per
/// frame and needs no timer. (The framework's <c>TokenBucketRateLimiter</c> runs a timer per instance unless it is
/// replenished by hand, locks on every acquire and reads the system clock, so a test could not drive it with a fake
/// <see cref="TimeProvider"/>.)
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider clock;
    private readonly double capacity;
    private readonly double perTick;
    private double tokens;
    private long last;

    public TokenBucket(double perSecond, int burst, TimeProvider clock)
    {
        this.clock = clock;
        capacity = burst;
        tokens = burst;
        perTick = perSecond / clock.TimestampFrequency;
        last = clock.GetTimestamp();
    }

    /// <summary>Takes one token; false when the bucket is empty.</summary>
    public bool TryTake() => TryTake(clock.GetTimestamp());

    /// <summary>Takes one token at <paramref name="now"/> (a <see cref="TimeProvider"/> timestamp); false when the bucket is empty.</summary>
    public bool TryTake(long now)
    {
        if (now > last)
        {
            tokens = Math.Min(capacity, tokens + ((now - last) * perTick));
            last = now;
        }

        if (tokens < 1)
        {
            return false;
        }

        tokens -= 1;
        return true;
    }

    /// <summary>How long until the next token is available.</summary>
    public TimeSpan RetryAfter => tokens >= 1
        ? TimeSpan.Zero
        : TimeSpan.FromSeconds((1 - tokens) / (perTick * clock.TimestampFrequency));
}
