namespace Broker.Bench.Load.Simulations;

/// <summary>NBomber-style factory: <c>Simulation.RampingConstant(50, 10s), Simulation.KeepConstant(50, 30s)</c>…</summary>
internal static class Simulation
{
    public static LoadSimulation Inject(double rate, TimeSpan interval, TimeSpan during) => Validate(new Inject(rate, interval, during));

    /// <summary><paramref name="perSecond"/> iterations a second.</summary>
    public static LoadSimulation Inject(double perSecond, TimeSpan during) => Inject(perSecond, TimeSpan.FromSeconds(1), during);

    public static LoadSimulation RampingInject(double rate, TimeSpan interval, TimeSpan during) => Validate(new RampingInject(rate, interval, during));

    public static LoadSimulation RampingInject(double perSecond, TimeSpan during) => RampingInject(perSecond, TimeSpan.FromSeconds(1), during);

    public static LoadSimulation KeepConstant(int copies, TimeSpan during) => Validate(new KeepConstant(copies, during));

    public static LoadSimulation RampingConstant(int copies, TimeSpan during) => Validate(new RampingConstant(copies, during));

    public static LoadSimulation Pause(TimeSpan during) => Validate(new Pause(during));

    private static LoadSimulation Validate(LoadSimulation simulation)
    {
        if (simulation.During <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{simulation.Describe()}: the duration must be positive");
        }

        var bad = simulation switch
        {
            Inject i => i.Rate < 0 || i.Interval <= TimeSpan.Zero,
            RampingInject r => r.Rate < 0 || r.Interval <= TimeSpan.Zero,
            KeepConstant k => k.Copies < 0,
            RampingConstant r => r.Copies < 0,
            _ => false,
        };
        if (bad)
        {
            throw new ArgumentException($"{simulation.Describe()}: rates and copies must be >= 0 and intervals positive");
        }

        return simulation;
    }
}
