using Broker.Bench.Load.Api;
using Broker.Bench.Load.Options;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Simulations;

namespace Broker.Bench.Load.Examples;

/// <summary>
/// The example of a defined scenario (<c>load publish-read</c>): <c>--sessions</c> members of one group each
/// publish a message and read the latest page back. Load: ramp to as many copies as sessions, hold them for
/// <c>--duration</c>, pause, then inject <c>--rate</c> iterations a second (default 50) for half the duration.
/// Passes when under 1 % of steps fail and publish p99 stays under 500 ms.
/// </summary>
internal sealed class PublishAndReadScenario : LoadScenario<ProtocolClient>
{
    private string _topic = string.Empty;
    private ProtocolClient? _owner;

    public override string Name => "publish-read";

    public override string Description => "Example: group members publish a message and read the latest page back.";

    public override async Task InitAsync(ScenarioContext context, CancellationToken ct)
    {
        var (owner, _) = await context.Sessions.OpenWithNewAccountAsync("owner", ct);
        _owner = owner;
        _topic = await context.Sessions.SubscribeAsync(owner, "new", ct);
        context.Info($"publish-read: group {_topic}");
    }

    public override async Task<ProtocolClient> OpenSessionAsync(ScenarioContext context, int index, CancellationToken ct)
    {
        var (client, _) = await context.Sessions.OpenWithNewAccountAsync($"member{index}", ct);
        await context.Sessions.SubscribeAsync(client, _topic, ct);
        return client;
    }

    public override async Task RunIterationAsync(IterationContext<ProtocolClient> iteration)
    {
        var client = iteration.Session;
        var timeout = iteration.Scenario.Options.RequestTimeout;
        await iteration.StepAsync("publish", async ct =>
        {
            var reply = await client.RequestAsync(id => RequestFrames.Publish(id, _topic, $"hello {iteration.Number}"), timeout, ct);
            return StepResult.FromCode(reply.Code);
        });
        await iteration.StepAsync("read", async ct =>
        {
            var reply = await client.RequestAsync(id => RequestFrames.GetData(id, _topic, null, 10), timeout, ct);
            return StepResult.FromCode(reply.Code);
        });
    }

    public override IReadOnlyList<LoadSimulation> LoadSimulations(LoadOptions options)
    {
        var sessions = Sessions(options);
        var rate = options.Rate > 0 ? options.Rate : 50;
        return
        [
            Simulation.RampingConstant(sessions, options.Duration / 4),
            Simulation.KeepConstant(sessions, options.Duration),
            Simulation.Pause(options.Duration / 4),
            Simulation.Inject(rate, TimeSpan.FromSeconds(1), options.Duration / 2),
        ];
    }

    public override IReadOnlyList<Threshold> Thresholds(LoadOptions options) =>
    [
        Threshold.Create(all => all.FailPercent < 1),
        Threshold.Create("publish", s => s.Latency!.P99 < 500),
    ];

    public override async ValueTask CleanUpAsync()
    {
        if (_owner is { } owner)
        {
            await owner.DisposeAsync();
        }
    }
}
