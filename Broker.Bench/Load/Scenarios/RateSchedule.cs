using Broker.Bench.Load.Options;
using Broker.Bench.Load.Simulations;

namespace Broker.Bench.Load.Scenarios;

/// <summary>
/// One publisher's pace: how many messages are due by t seconds after traffic started, and the rate at t. A
/// constant <c>--rate</c> share, or a share of a <c>--load</c> profile that starts after the warm-up (the warm-up
/// runs at the profile's starting rate).
/// </summary>
internal sealed class RateSchedule
{
    private readonly Func<double, double> _due;
    private readonly Func<double, double> _rate;

    private RateSchedule(Func<double, double> due, Func<double, double> rate, bool constant)
    {
        _due = due;
        _rate = rate;
        IsConstant = constant;
    }

    public bool IsConstant { get; }

    /// <summary>Messages due from the start up to <paramref name="seconds"/> (not rounded).</summary>
    public double Due(double seconds) => _due(seconds);

    public double RateAt(double seconds) => _rate(seconds);

    public static RateSchedule Constant(double perSecond) => new(t => t * perSecond, _ => perSecond, constant: true);

    /// <summary>A share of <paramref name="profile"/> run after <paramref name="warmup"/>; null profile = the constant rate.</summary>
    public static RateSchedule? For(LoadOptions o, int publishers, LoadProfile? profile)
    {
        var share = 1.0 / o.Shard.Count / Math.Max(publishers, 1);
        if (profile is null)
        {
            return o.Rate > 0 ? Constant(o.Rate * share) : null;
        }

        var warmup = o.Warmup.TotalSeconds;
        var startRate = profile.RateAt(TimeSpan.Zero);
        return new RateSchedule(
            t => share * (t < warmup ? startRate * t : (startRate * warmup) + profile.InjectedBy(TimeSpan.FromSeconds(t - warmup))),
            t => share * (t < warmup ? startRate : profile.RateAt(TimeSpan.FromSeconds(t - warmup))),
            constant: false);
    }
}
