using System.Globalization;

namespace Broker.Bench.Load.Simulations;

/// <summary>
/// One phase of a load profile, with NBomber's names and meaning. Open model (<see cref="Inject"/>,
/// <see cref="RampingInject"/>): iterations arrive at a rate whatever the broker's answers; closed model
/// (<see cref="KeepConstant"/>, <see cref="RampingConstant"/>): a number of copies each runs iterations back to
/// back; <see cref="Pause"/>: nothing runs. Ramps start where the previous phase ended (0 at the start).
/// Build them with <see cref="Simulation"/>.
/// </summary>
internal abstract record LoadSimulation(TimeSpan During)
{
    private protected static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Short text for reports and the timeline, e.g. <c>inject 100/s 30s</c>.</summary>
    public abstract string Describe();

    private protected static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", Inv) + "s";
}

/// <summary><see cref="Rate"/> iterations per <see cref="Interval"/>, spread evenly, for <see cref="LoadSimulation.During"/>.</summary>
internal sealed record Inject(double Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During)
{
    public double PerSecond => Rate / Interval.TotalSeconds;

    public override string Describe() => $"inject {PerSecond.ToString("0.##", Inv)}/s {Seconds(During)}";
}

/// <summary>The injection rate ramps linearly from the previous phase's rate to <see cref="Rate"/> per <see cref="Interval"/>.</summary>
internal sealed record RampingInject(double Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During)
{
    public double PerSecond => Rate / Interval.TotalSeconds;

    public override string Describe() => $"ramping-inject to {PerSecond.ToString("0.##", Inv)}/s {Seconds(During)}";
}

/// <summary><see cref="Copies"/> copies run iterations back to back for <see cref="LoadSimulation.During"/>.</summary>
internal sealed record KeepConstant(int Copies, TimeSpan During) : LoadSimulation(During)
{
    public override string Describe() => $"keep-constant {Copies} {Seconds(During)}";
}

/// <summary>The number of copies ramps linearly from the previous phase's to <see cref="Copies"/>.</summary>
internal sealed record RampingConstant(int Copies, TimeSpan During) : LoadSimulation(During)
{
    public override string Describe() => $"ramping-constant to {Copies} {Seconds(During)}";
}

/// <summary>Nothing runs for <see cref="LoadSimulation.During"/>.</summary>
internal sealed record Pause(TimeSpan During) : LoadSimulation(During)
{
    public override string Describe() => $"pause {Seconds(During)}";
}
