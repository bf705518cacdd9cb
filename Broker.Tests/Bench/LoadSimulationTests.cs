using Broker.Bench.Load.Simulations;

namespace Broker.Tests.Bench;

public sealed class LoadSimulationTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Closed_phases_ramp_from_where_the_previous_phase_ended()
    {
        var profile = new LoadProfile([
            Simulation.RampingConstant(10, S(10)),
            Simulation.KeepConstant(10, S(5)),
            Simulation.RampingConstant(4, S(6)),
            Simulation.Pause(S(2)),
        ]);

        Assert.Equal(S(23), profile.Duration);
        Assert.Equal(0, profile.CopiesAt(S(0)));
        Assert.Equal(5, profile.CopiesAt(S(5)));
        Assert.Equal(10, profile.CopiesAt(S(12)));
        Assert.Equal(7, profile.CopiesAt(S(18)));   // 10 → 4 over 6 s, half way
        Assert.Equal(0, profile.CopiesAt(S(22)));   // pause
        Assert.Equal(0, profile.CopiesAt(S(30)));   // after the end
        Assert.Equal(10, profile.MaxCopies);
        Assert.Equal(0, profile.InjectedBy(S(23)));
    }

    [Fact]
    public void Open_phases_inject_the_integral_of_their_rate()
    {
        var profile = new LoadProfile([
            Simulation.RampingInject(100, S(10)),                  // 0 → 100/s: 500 iterations
            Simulation.Inject(50, TimeSpan.FromMilliseconds(500), S(4)), // 100/s: 400
            Simulation.Pause(S(1)),
            Simulation.RampingInject(20, S(2)),                    // 0 → 20/s after the pause: 20
        ]);

        Assert.Equal(50, profile.RateAt(S(5)), 6);
        Assert.Equal(125, profile.InjectedBy(S(5)), 6);           // ½ · 5 s · 50/s
        Assert.Equal(500, profile.InjectedBy(S(10)), 6);
        Assert.Equal(100, profile.RateAt(S(12)), 6);
        Assert.Equal(700, profile.InjectedBy(S(12)), 6);
        Assert.Equal(0, profile.RateAt(S(14.5)));
        Assert.Equal(900, profile.InjectedBy(S(15)), 6);
        Assert.Equal(920, profile.TotalInjected, 6);
        Assert.Equal(920, profile.InjectedBy(S(99)), 6);
        Assert.Equal(3, profile.PhaseAt(S(16)));
        Assert.Equal(S(15), profile.StartOf(3));
    }

    [Fact]
    public void Parses_every_simulation_in_sequence()
    {
        Assert.True(LoadProfileParser.TryParse("ramping-constant:50:10s, keep-constant:50:1m inject:100:30s,ramping-inject:20/500ms:5s;pause:00:00:02",
            out var sims, out var error), error);
        Assert.Equal(
            [
                new RampingConstant(50, S(10)),
                new KeepConstant(50, S(60)),
                new Inject(100, S(1), S(30)),
                new RampingInject(20, TimeSpan.FromMilliseconds(500), S(5)),
                (LoadSimulation)new Pause(S(2)),
            ],
            sims);
        Assert.True(LoadProfileParser.TryParse("RampingInject:10:1s,KeepConstant:3:2s,keep:2:1s,ramp:0:1s", out var nbomber, out _));
        Assert.Equal(4, nbomber.Count);
        Assert.Equal(40, ((RampingInject)nbomber[0]).PerSecond * 4);
    }

    [Theory]
    [InlineData("")]
    [InlineData("flood:10:1s")]
    [InlineData("inject:10")]
    [InlineData("inject:ten:1s")]
    [InlineData("keep:-1:1s")]
    [InlineData("keep:2:0s")]
    [InlineData("pause:soon")]
    public void Rejects_what_it_cannot_run(string text)
    {
        Assert.False(LoadProfileParser.TryParse(text, out _, out var error));
        Assert.NotEmpty(error);
    }
}
