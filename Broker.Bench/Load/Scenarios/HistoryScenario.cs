using System.Diagnostics;
using System.Globalization;
using Broker.Bench.Load.Api;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Options;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Run;
using Broker.Bench.Load.Simulations;

namespace Broker.Bench.Load.Scenarios;

/// <summary>
/// T long topics of M messages (published during setup, unthrottled with the window), then R readers page
/// through them newest first with <c>{get what:"data" data:{before, limit}}</c>, restarting at the top after
/// each full pass. Every page is checked: contiguous seqs, newest first, directly below the previous page, and
/// a full pass returns exactly M messages; any mismatch fails the run. Written on the defined-scenario API: the
/// readers are its sessions, a page is its step (<c>page</c>) and by default the R readers are kept reading for
/// <c>--duration</c> (<c>--load</c> may shape it). The shard unit is the reader (each shard creates its own topics).
/// </summary>
internal sealed class HistoryScenario : LoadScenario<HistoryReader>, IBuiltInScenario
{
    private readonly List<ProtocolClient> _writers = [];
    private string[] _topics = [];
    private double _setupRate;
    private readonly List<HistoryReader> _readers = [];
    private LoadOptions _options = LoadOptions.For(ScenarioKind.History);

    public override string Name => "history";

    public override int Sessions(LoadOptions options)
    {
        var readers = options.Shard.Share(options.Readers);
        return readers > 0 ? readers : throw new SetupException($"shard {options.Shard} owns none of the {options.Readers} reader(s)");
    }

    public override async Task InitAsync(ScenarioContext context, CancellationToken ct)
    {
        var o = context.Options;
        _options = o;
        context.Info($"creating {o.Topics} topic(s) of {o.Messages} messages");
        var setupStart = Stopwatch.GetTimestamp();
        _topics = new string[o.Topics];
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Topics), context.Run.Parallel(ct), async (t, token) =>
        {
            _topics[t] = await FillTopicAsync(context, t, token);
        });
        _setupRate = (double)o.Topics * o.Messages / Stopwatch.GetElapsedTime(setupStart).TotalSeconds;
    }

    public override async Task<HistoryReader> OpenSessionAsync(ScenarioContext context, int index, CancellationToken ct)
    {
        var (client, _) = await context.Sessions.OpenWithNewAccountAsync($"reader{index}", ct);
        try
        {
            var topic = _topics[index % _topics.Length];
            await context.Sessions.SubscribeAsync(client, topic, ct);
            var reader = new HistoryReader(context.Run, client, topic);
            lock (_readers)
            {
                _readers.Add(reader);
            }

            return reader;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public override Task RunIterationAsync(IterationContext<HistoryReader> iteration) =>
        iteration.StepAsync("page", ct => iteration.Session.ReadPageAsync(iteration.Measured, ct));

    public override IReadOnlyList<LoadSimulation> LoadSimulations(LoadOptions options) =>
        [Simulation.KeepConstant(Sessions(options), options.Duration)];

    public override void Complete(LoadResult result)
    {
        var o = result.Steps.Count > 0 ? result.Steps[0] : null;
        var mismatches = _readers.Sum(r => r.Mismatches);
        var seconds = Math.Max(result.MeasuredSeconds, 1e-9);
        var options = _options;
        result.Parameters = string.Create(CultureInfo.InvariantCulture,
            $"{options.Topics} topic(s) x {options.Messages} msgs, {options.Readers} readers, page {options.PageSize}");
        result.Sessions += _writers.Count;
        result.History = new HistoryStats
        {
            Topics = options.Topics,
            MessagesPerTopic = options.Messages,
            SetupPublishPerSec = Math.Round(_setupRate, 1),
            Pages = (o?.Ok ?? 0) + (o?.Fail ?? 0),
            PagesPerSec = o?.OkPerSec ?? 0,
            MessagesPerSec = Math.Round(_readers.Sum(r => r.MeasuredMessages) / seconds, 1),
            FullPasses = _readers.Sum(r => r.Passes),
            Mismatches = mismatches,
            MismatchSamples = _readers.SelectMany(r => r.Samples).Take(10).ToList(),
            PageLatency = o?.Latency,
        };
        if (mismatches > 0)
        {
            result.Failures.Add($"{mismatches} history pages did not match what was published");
        }
    }

    public override async ValueTask CleanUpAsync()
    {
        await ClientPool.CloseAllAsync(_writers);
    }

    /// <summary>Creates a group and publishes M messages into it; waits for every ack.</summary>
    private async Task<string> FillTopicAsync(ScenarioContext context, int t, CancellationToken ct)
    {
        var o = context.Options;
        var (writer, _) = await context.Sessions.OpenWithNewAccountAsync($"writer{t}", ct);
        lock (_writers)
        {
            _writers.Add(writer);
        }

        var topic = await context.Sessions.SubscribeAsync(writer, "new", ct);
        var publisher = new Publisher(t, writer, topic, o.Size, o.Window, context.Run.Window);
        for (var i = 0; i < o.Messages; i++)
        {
            if (!await publisher.PublishAsync(ct))
            {
                throw new SetupException($"writer{t}: connection lost while filling {topic}");
            }
        }

        var deadline = Stopwatch.GetTimestamp() + Timing.FromSeconds(o.RequestTimeout.TotalSeconds);
        while (publisher.Acked.Count + publisher.Refused < o.Messages && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10, ct);
        }

        if (publisher.Acked.Count != o.Messages)
        {
            throw new SetupException($"writer{t}: {publisher.Acked.Count} of {o.Messages} messages acknowledged in {topic} ({publisher.Refused} refused)");
        }

        return topic;
    }
}
