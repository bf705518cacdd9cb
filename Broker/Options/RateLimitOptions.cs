using System.ComponentModel.DataAnnotations;

namespace Broker.Options;

/// <summary>
/// Per-session token buckets, bound from <c>Broker:RateLimit</c>. A frame over a limit is answered
/// <c>{ctrl 429 "too many requests"}</c>; a session refused <see cref="MaxConsecutiveRejections"/> times in a row is
/// closed with 1008 (policy violation). A rate of 0 disables that bucket.
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

    /// <summary>Refusals in a row (no frame accepted in between) after which the session is closed with 1008.</summary>
    [Range(1, 1_000_000)]
    public int MaxConsecutiveRejections { get; set; } = 50;
}
