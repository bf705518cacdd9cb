using System.Diagnostics;
using System.Globalization;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Run;

namespace Broker.Bench.Load.Scenarios;

/// <summary>
/// The traffic phase shared by fanout, pairs and mixed: warm-up, measured window, stop, drain. Every loop is
/// bounded: publishers stop at the end of the window, the drain ends when every ack and every expected delivery
/// arrived or after <c>--drain</c>.
/// </summary>
internal sealed class TrafficRun(RunContext ctx, IReadOnlyList<ProtocolClient> clients, IReadOnlyList<Publisher> publishers, LossTracker loss)
{
    public async Task<TrafficOutcome> RunAsync(Func<Publisher, CancellationToken, Task> publish, CancellationToken ct)
    {
        var o = ctx.Options;
        await ctx.WaitForStartAsync(ct);
        ctx.Info($"traffic: {publishers.Count} publishers, {clients.Count} sessions, warm-up {o.Warmup.TotalSeconds:0.#} s, measure {o.Duration.TotalSeconds:0.#} s");
        var self = Process.GetCurrentProcess();
        ctx.Window.StartAt(Stopwatch.GetTimestamp() + Timing.FromSeconds(o.Warmup.TotalSeconds));

        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var previous = TrafficTotals.Sum(clients, publishers);
        var progress = ProgressLine.RunAsync(ctx, elapsed =>
        {
            var now = TrafficTotals.Sum(clients, publishers);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"[{o.Scenario.ToString().ToLowerInvariant()} {elapsed.TotalSeconds:0}s] sent {now.Sent - previous.Sent}/s acked {now.Acked - previous.Acked}/s delivered {now.Delivered - previous.Delivered}/s in-flight {now.InFlight} errors {now.Errors} rss {Rss()}");
            previous = now;
            return line;
        }, progressStop.Token);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = publishers.Select(p => publish(p, stop.Token)).ToArray();
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

        await Task.Delay(o.Duration, ct);

        var atEnd = TrafficTotals.Sum(clients, publishers);
        var brokerEnd = ctx.Sampler.Sample();
        var measured = Stopwatch.GetElapsedTime(start).TotalSeconds;
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

        await progressStop.CancelAsync();
        await progress;
        var drained = Stopwatch.GetElapsedTime(drainStart).TotalSeconds;
        ctx.Info(complete
            ? $"drained in {drained:0.00} s"
            : $"drain incomplete after {drained:0.00} s: acks or deliveries still missing");
        return new TrafficOutcome(atStart, atEnd, measured, brokerStart, brokerEnd, generatorCpu, drained, complete, allocated, collections);
    }

    private string Rss() => ctx.Sampler.Latest is { } s ? $"{s.RssBytes / 1048576.0:0}MB" : "n/a";
}
