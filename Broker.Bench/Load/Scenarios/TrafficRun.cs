using System.Diagnostics;
using System.Globalization;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Run;
using Broker.Bench.Load.Simulations;
using HdrHistogram;

namespace Broker.Bench.Load.Scenarios;

/// <summary>
/// The traffic phase shared by fanout, pairs and mixed: warm-up, measured window (<c>--duration</c> at
/// <c>--rate</c>, or the phases of a <c>--load</c> profile), stop, drain. Every loop is bounded: publishers stop at
/// the end of the window, the drain ends when every ack and every expected delivery arrived or after
/// <c>--drain</c>. Two steps are measured: <c>ack</c> (publish→202; refusals are its failures) and
/// <c>delivery</c> (publish→{data} at every receiver), sampled every second for the timeline.
/// </summary>
internal sealed class TrafficRun(RunContext ctx, IReadOnlyList<ProtocolClient> clients, IReadOnlyList<Publisher> publishers, LossTracker loss)
{
    /// <summary>Up to this many paced publishers each get a thread of their own (<see cref="Publisher.PaceOnOwnThread"/>).</summary>
    public const int MaxPacingThreads = 16;

    private readonly LongHistogram _ackInterval = Histograms.Create();
    private readonly LongHistogram _deliveryInterval = Histograms.Create();
    private TrafficTotals _previous;

    public StepStats Ack { get; } = new("ack");
    public StepStats Delivery { get; } = new("delivery");
    public IReadOnlyList<PhaseReport> Phases { get; private set; } = [];
    public LoadProfile? Profile { get; } = ctx.Options.Load is { } load ? new LoadProfile(load) : null;

    public async Task<TrafficOutcome> RunAsync(Func<Publisher, RateSchedule?, CancellationToken, Task> publish, CancellationToken ct)
    {
        var o = ctx.Options;
        await ctx.WaitForStartAsync(ct);
        var measure = Profile?.Duration ?? o.Duration;
        ctx.Info($"traffic: {publishers.Count} publishers, {clients.Count} sessions, warm-up {o.Warmup.TotalSeconds:0.#} s, measure {measure.TotalSeconds:0.#} s");
        var self = Process.GetCurrentProcess();
        var schedule = RateSchedule.For(o, publishers.Count, Profile);
        ctx.Window.StartAt(Stopwatch.GetTimestamp() + Timing.FromSeconds(o.Warmup.TotalSeconds));

        _previous = TrafficTotals.Sum(clients, publishers);
        var monitor = new RunMonitor(ctx, () => [Ack, Delivery], Sample, () => TrafficTotals.Sum(clients, publishers).Errors,
            () => string.Create(CultureInfo.InvariantCulture, $"in-flight {TrafficTotals.Sum(clients, publishers).InFlight} rss {Rss()}"));
        using var monitorStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (o.Warmup > TimeSpan.Zero)
        {
            monitor.BeginPhase("warm-up", measured: false);
        }

        var monitorTask = monitor.RunAsync(monitorStop.Token);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        foreach (var p in publishers)
        {
            p.PaceOnOwnThread = schedule is not null && publishers.Count <= MaxPacingThreads;
        }

        var loops = publishers.Select(p => publish(p, schedule, stop.Token)).ToArray();
        if (o.Warmup > TimeSpan.Zero)
        {
            await Task.Delay(o.Warmup, ct);
        }

        self.Refresh();
        var cpuStart = self.TotalProcessorTime;
        var allocatedStart = GC.GetTotalAllocatedBytes();
        int[] collectionsStart = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var start = Stopwatch.GetTimestamp();
        var atStart = TrafficTotals.Sum(clients, publishers);
        var brokerStart = ctx.Sampler.Sample();
        if (Profile is null)
        {
            monitor.BeginPhase(o.Rate > 0 ? string.Create(CultureInfo.InvariantCulture, $"rate {o.Rate / o.Shard.Count:0.#}/s") : "unthrottled", measured: true);
            await Task.Delay(o.Duration, ct);
        }
        else
        {
            for (var i = 0; i < Profile.Simulations.Count; i++)
            {
                monitor.BeginPhase(Profile.Simulations[i].Describe(), measured: true);
                var end = Profile.StartOf(i) + Profile.Simulations[i].During;
                var wait = end - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
            }
        }

        var atEnd = TrafficTotals.Sum(clients, publishers);
        // The window's length is read with its counts: starting the drain phase first takes the monitor's last
        // interval, which merges every session's latency histogram (~180 ms with 5,000 sessions on two busy cores);
        // counted into the window, that made a steady 100 msg/s look like 99.1.
        var measured = Stopwatch.GetElapsedTime(start).TotalSeconds;
        monitor.BeginPhase("drain", measured: false);
        var brokerEnd = ctx.Sampler.Sample();
        var allocated = GC.GetTotalAllocatedBytes() - allocatedStart;
        int[] collections = [GC.CollectionCount(0) - collectionsStart[0], GC.CollectionCount(1) - collectionsStart[1], GC.CollectionCount(2) - collectionsStart[2]];
        self.Refresh();
        var generatorCpu = self.TotalProcessorTime - cpuStart;
        await stop.CancelAsync();
        await Bounded.WhenAllAsync(ctx, loops, o.Drain + TimeSpan.FromSeconds(10), "publishers", ct);

        var drainStart = Stopwatch.GetTimestamp();
        var complete = false;
        while (Stopwatch.GetElapsedTime(drainStart) < o.Drain)
        {
            var (expected, received) = loss.Progress();
            if (publishers.All(p => p.InFlight == 0) && received >= expected)
            {
                complete = true;
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }

        monitor.Finish();
        await monitorStop.CancelAsync();
        await monitorTask;
        Phases = monitor.Phases;
        var drained = Stopwatch.GetElapsedTime(drainStart).TotalSeconds;
        ctx.Info(complete
            ? $"drained in {drained:0.00} s"
            : $"drain incomplete after {drained:0.00} s: acks or deliveries still missing");
        return new TrafficOutcome(atStart, atEnd, measured, brokerStart, brokerEnd, generatorCpu, drained, complete, allocated, collections);
    }

    /// <summary>Monitor thread: one interval of both steps from the counters and every session's latency recorder.</summary>
    private void Sample(double at, double seconds, bool measured)
    {
        var now = TrafficTotals.Sum(clients, publishers);
        _ackInterval.Reset();
        foreach (var p in publishers)
        {
            if (p.AckLatency is { } recorder)
            {
                _ackInterval.Add(recorder.TakeInterval());
            }
        }

        _deliveryInterval.Reset();
        foreach (var c in clients)
        {
            if (c.DeliveryLatency is { } recorder)
            {
                _deliveryInterval.Add(recorder.TakeInterval());
            }
        }

        Ack.AddInterval(at, seconds, now.Acked - _previous.Acked, now.Refused - _previous.Refused, _ackInterval, measured);
        Delivery.AddInterval(at, seconds, now.Delivered - _previous.Delivered, 0, _deliveryInterval, measured);
        _previous = now;
    }

    private string Rss() => ctx.Sampler.Latest is { } s ? $"{s.RssBytes / 1048576.0:0}MB" : "n/a";
}
