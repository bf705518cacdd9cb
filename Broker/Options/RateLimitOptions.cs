using System.ComponentModel.DataAnnotations;

namespace Broker.Options;

/// <summary>
/// Per-session token buckets, bound from <c>Broker:RateLimit</c>. A frame over a limit is answered
/// <c>{ctrl 429 "too many requests"}</c> with <c>params.retryAfter</c> and nothing else happens to it; only a session
/// that keeps flooding for <see cref="FloodTimeout"/> is closed with 1008 (policy violation), after everything under way
/// is answered. A rate of 0 disables that bucket. A user's own limits (server API) take the place of these.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Broker:RateLimit";

    /// <summary>Sustained <c>{pub}</c> frames per second per session.</summary>
    [Range(0, 10_000_000)]
    public double PubPerSecond { get; set; } = 50;

    /// <summary>Publishes a session may send at once before the sustained rate applies.</summary>
    [Range(1, 10_000_000)]
    public int PubBurst { get; set; } = 300;

    /// <summary>Sustained frames of any kind per second per session.</summary>
    [Range(0, 10_000_000)]
    public double FramesPerSecond { get; set; } = 100;

    /// <summary>Frames a session may send at once before the sustained rate applies.</summary>
    [Range(1, 10_000_000)]
    public int FrameBurst { get; set; } = 600;

    /// <summary>
    /// How long a session may keep flooding before it is closed with 1008. A second in which more than two of every
    /// three frames were refused is a flooding second; the time counts from the first of an unbroken run of them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FloodTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
