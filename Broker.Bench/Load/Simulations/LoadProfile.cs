namespace Broker.Bench.Load.Simulations;

/// <summary>
/// Load simulations run in sequence, as a function of time: the number of copies the closed-model phases want,
/// the injection rate of the open-model phases and the iterations injected so far (the rate's integral), so a
/// scheduler, or a publisher pacing itself, only asks "how many by now?".
/// </summary>
internal sealed class LoadProfile
{
    private readonly Segment[] _segments;

    public LoadProfile(IReadOnlyList<LoadSimulation> simulations)
    {
        if (simulations.Count == 0)
        {
            throw new ArgumentException("a load profile needs at least one simulation", nameof(simulations));
        }

        Simulations = simulations;
        _segments = new Segment[simulations.Count];
        double copies = 0, rate = 0, injected = 0;
        var start = TimeSpan.Zero;
        for (var i = 0; i < simulations.Count; i++)
        {
            var s = simulations[i];
            var (c0, c1, r0, r1) = s switch
            {
                Inject inject => (0.0, 0.0, inject.PerSecond, inject.PerSecond),
                RampingInject ramp => (0.0, 0.0, rate, ramp.PerSecond),
                KeepConstant keep => (keep.Copies, keep.Copies, 0.0, 0.0),
                RampingConstant ramp => (copies, ramp.Copies, 0.0, 0.0),
                _ => (0.0, 0.0, 0.0, 0.0),
            };
            _segments[i] = new Segment(s, start, c0, c1, r0, r1, injected);
            injected += (r0 + r1) / 2 * s.During.TotalSeconds;
            (copies, rate) = (c1, r1);
            start += s.During;
        }

        Duration = start;
        TotalInjected = injected;
    }

    public IReadOnlyList<LoadSimulation> Simulations { get; }
    public TimeSpan Duration { get; }

    /// <summary>Iterations the open-model phases inject over the whole profile.</summary>
    public double TotalInjected { get; }

    public bool HasClosedPhases => Simulations.Any(s => s is KeepConstant or RampingConstant);
    public int MaxCopies => Simulations.Select(s => s switch { KeepConstant k => k.Copies, RampingConstant r => r.Copies, _ => 0 }).Max();

    /// <summary>The phase running at <paramref name="t"/> (the last one after the end).</summary>
    public int PhaseAt(TimeSpan t)
    {
        for (var i = _segments.Length - 1; i > 0; i--)
        {
            if (t >= _segments[i].Start)
            {
                return i;
            }
        }

        return 0;
    }

    public TimeSpan StartOf(int phase) => _segments[phase].Start;

    /// <summary>Copies the closed-model phase at <paramref name="t"/> wants (rounded down); 0 in other phases and after the end.</summary>
    public int CopiesAt(TimeSpan t)
    {
        if (t >= Duration || t < TimeSpan.Zero)
        {
            return 0;
        }

        var s = _segments[PhaseAt(t)];
        var f = Fraction(s, t);
        return (int)Math.Floor(s.Copies0 + ((s.Copies1 - s.Copies0) * f) + 1e-9);
    }

    /// <summary>Injection rate (iterations per second) at <paramref name="t"/>; 0 in closed and pause phases and after the end.</summary>
    public double RateAt(TimeSpan t)
    {
        if (t >= Duration || t < TimeSpan.Zero)
        {
            return 0;
        }

        var s = _segments[PhaseAt(t)];
        return s.Rate0 + ((s.Rate1 - s.Rate0) * Fraction(s, t));
    }

    /// <summary>Iterations injected from the start up to <paramref name="t"/> (not rounded).</summary>
    public double InjectedBy(TimeSpan t)
    {
        if (t <= TimeSpan.Zero)
        {
            return 0;
        }

        if (t >= Duration)
        {
            return TotalInjected;
        }

        var s = _segments[PhaseAt(t)];
        var into = (t - s.Start).TotalSeconds;
        var length = s.Simulation.During.TotalSeconds;
        return s.InjectedBefore + (s.Rate0 * into) + ((s.Rate1 - s.Rate0) * into * into / (2 * length));
    }

    private static double Fraction(Segment s, TimeSpan t) => Math.Clamp((t - s.Start) / s.Simulation.During, 0, 1);

    private readonly record struct Segment(LoadSimulation Simulation, TimeSpan Start, double Copies0, double Copies1, double Rate0, double Rate1, double InjectedBefore);
}
