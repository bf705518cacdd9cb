namespace Broker.Storage;

/// <summary>
/// A user's own rate limits (trusted integrations, bots), set through the server API; a value left out means the
/// configured default, a rate of 0 means no limit.
/// </summary>
public sealed record UserRateLimits
{
    public double? PubPerSecond { get; init; }
    public int? PubBurst { get; init; }
    public double? FramesPerSecond { get; init; }
    public int? FrameBurst { get; init; }
}
