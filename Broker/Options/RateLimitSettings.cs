using Broker.Storage;

namespace Broker.Options;

/// <summary>The rate limits one session runs with: the configured defaults, or its user's own (a rate of 0 = no limit).</summary>
internal sealed record RateLimitSettings(double PubPerSecond, int PubBurst, double FramesPerSecond, int FrameBurst)
{
    public static RateLimitSettings From(RateLimitOptions options) =>
        new(options.PubPerSecond, options.PubBurst, options.FramesPerSecond, options.FrameBurst);

    /// <summary>A user's limits: each value the user has, the default for the others.</summary>
    public static RateLimitSettings? For(UserRateLimits? user, RateLimitSettings defaults) => user is null
        ? null
        : new(
            user.PubPerSecond ?? defaults.PubPerSecond,
            user.PubBurst ?? defaults.PubBurst,
            user.FramesPerSecond ?? defaults.FramesPerSecond,
            user.FrameBurst ?? defaults.FrameBurst);
}
