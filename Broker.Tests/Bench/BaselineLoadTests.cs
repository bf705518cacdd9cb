using Broker.Bench.Load.Options;
using Broker.Bench.Load.Run;

namespace Broker.Tests.Bench;

/// <summary>
/// The generator end to end against the in-process baseline broadcaster (no real broker needed): real
/// WebSockets, accounts, topics, acks, deliveries and loss accounting with tiny counts.
/// </summary>
public sealed class BaselineLoadTests
{
    [Fact]
    public async Task Fanout_against_the_baseline_delivers_everything()
    {
        var options = Tiny(ScenarioKind.Fanout) with { Groups = 2, Subscribers = 3, Publishers = 2, Rate = 400 };
        var (code, result) = await RunAsync(options);

        Assert.Equal(LoadRunner.ExitPass, code);
        Assert.NotNull(result);
        Assert.Equal(2 * (3 + 2), result.Sessions);
        Assert.Equal(4, result.Publishers);
        Assert.True(result.Offered > 0);
        Assert.True(result.ExpectedDeliveries > 0);
        Assert.Equal(result.ExpectedDeliveries, result.ReceivedDeliveries);
        Assert.Equal(0, result.LostDeliveries);
        Assert.Equal(0, result.Duplicates);
        Assert.NotNull(result.AckLatency);
        Assert.NotNull(result.DeliveryLatency);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task Unthrottled_fanout_stays_within_the_window_and_loses_nothing()
    {
        var options = Tiny(ScenarioKind.Fanout) with { Subscribers = 4, Rate = 0, Window = 8, Size = 512 };
        var (code, result) = await RunAsync(options);

        Assert.Equal(LoadRunner.ExitPass, code);
        Assert.Null(result!.TargetRate);
        Assert.Equal(0, result.LostDeliveries);
        // every acknowledged message reached the 4 subscribers
        Assert.True(result.ExpectedDeliveries >= 4 * result.Acked);
    }

    [Fact]
    public async Task Pairs_against_the_baseline_deliver_both_ways()
    {
        var options = Tiny(ScenarioKind.Pairs) with { Pairs = 3, Rate = 300 };
        var (code, result) = await RunAsync(options);

        Assert.Equal(LoadRunner.ExitPass, code);
        Assert.Equal(6, result!.Publishers);
        Assert.Equal(0, result.LostDeliveries);
        Assert.True(result.ReceivedDeliveries > 0);
    }

    [Fact]
    public async Task Connect_against_the_baseline_establishes_every_session()
    {
        var options = Tiny(ScenarioKind.Connect) with { Sessions = 30, Users = 3, Concurrency = 8 };
        var (code, result) = await RunAsync(options);

        Assert.Equal(LoadRunner.ExitPass, code);
        Assert.Equal(30, result!.Connect!.Established);
        Assert.Empty(result.Connect.Failures);
        Assert.True(result.Connect.ConnectionsPerSec > 0);
        Assert.NotNull(result.Connect.RssPerSessionKb);
    }

    [Fact]
    public async Task A_shard_runs_only_its_share()
    {
        var options = Tiny(ScenarioKind.Fanout) with { Groups = 3, Subscribers = 2, Shard = new ShardSpec(1, 2) };
        var (code, result) = await RunAsync(options);

        Assert.Equal(LoadRunner.ExitPass, code);
        Assert.Equal(3, result!.Sessions); // group 1 only: 1 publisher + 2 subscribers
        Assert.Equal("1/2", result.Shard);
    }

    [Fact]
    public async Task A_load_profile_paces_the_publishers_phase_by_phase()
    {
        // 0 → 200/s over 0.5 s (50 messages), 200/s for 0.5 s (100), a pause, 100/s for 0.4 s (40)
        var load = new Broker.Bench.Load.Simulations.LoadSimulation[]
        {
            Broker.Bench.Load.Simulations.Simulation.RampingInject(200, TimeSpan.FromMilliseconds(500)),
            Broker.Bench.Load.Simulations.Simulation.Inject(200, TimeSpan.FromMilliseconds(500)),
            Broker.Bench.Load.Simulations.Simulation.Pause(TimeSpan.FromMilliseconds(300)),
            Broker.Bench.Load.Simulations.Simulation.Inject(100, TimeSpan.FromMilliseconds(400)),
        };
        var options = Tiny(ScenarioKind.Fanout) with { Subscribers = 3, Publishers = 2, Warmup = TimeSpan.Zero, Load = load };
        var (code, result) = await RunAsync(options);

        Assert.Equal(LoadRunner.ExitPass, code);
        Assert.Equal(0, result!.LostDeliveries);
        Assert.Equal(["ramping-inject to 200/s 0.5s", "inject 200/s 0.5s", "pause 0.3s", "inject 100/s 0.4s", "drain"], result.Phases.Select(p => p.Name));
        // the publishers owe 190 messages by the end of the profile (±1 each for the random phase and the last tick)
        Assert.InRange(result.Offered, 180, 192);
        var ack = result.Steps.Single(s => s.Name == "ack");
        var delivery = result.Steps.Single(s => s.Name == "delivery");
        Assert.Equal(result.Acked, ack.Ok);
        Assert.Equal(result.Delivered, delivery.Ok);
        Assert.NotEmpty(ack.Timeline);
        Assert.NotNull(delivery.Latency);
        Assert.Equal(111.8, result.TargetRate!.Value, 1);  // 190 messages over 1.7 s on average
    }

    [Fact]
    public async Task A_threshold_the_run_misses_exits_with_3_and_reports_why()
    {
        var options = Tiny(ScenarioKind.Pairs) with { Pairs = 1, Rate = 50, Thresholds = ["delivery:p50<0", "ack:fail==0"] };
        var (code, result) = await RunAsync(options);

        Assert.Equal(LoadRunner.ExitThresholds, code);
        Assert.True(result!.Passed);
        Assert.Equal([false, true], result.Thresholds.Select(t => t.Passed));
    }

    [Fact]
    public async Task Setup_failures_exit_with_the_usage_code()
    {
        // a port nobody listens on: connecting fails during setup
        var options = Tiny(ScenarioKind.Fanout) with { Baseline = false, Url = new Uri("ws://127.0.0.1:1/v0/channels") };
        var (code, result) = await RunAsync(options);
        Assert.Equal(LoadRunner.ExitUsage, code);
        Assert.Null(result);
    }

    private static LoadOptions Tiny(ScenarioKind scenario) => LoadOptions.For(scenario) with
    {
        Baseline = true,
        Duration = TimeSpan.FromSeconds(1),
        Warmup = TimeSpan.FromMilliseconds(200),
        Drain = TimeSpan.FromSeconds(10),
        RequestTimeout = TimeSpan.FromSeconds(20),
        Progress = false,
    };

    private static async Task<(int, Broker.Bench.Load.Reporting.LoadResult?)> RunAsync(LoadOptions options)
    {
        var output = new StringWriter();
        var log = new StringWriter();
        var (code, result) = await LoadRunner.RunWithResultAsync(options, output, log, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper?.WriteLine(log.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(output.ToString());
        return (code, result);
    }
}
