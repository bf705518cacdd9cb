using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Run;

namespace Broker.Bench.Load.Scenarios;

/// <summary>
/// T long topics of M messages (published during setup, unthrottled with the window), then R readers page
/// through them newest first with <c>{get what:"data" data:{before, limit}}</c>, restarting at the top after
/// each full pass. Every page is checked: contiguous seqs, newest first, directly below the previous page, and
/// a full pass returns exactly M messages; any mismatch fails the run. The shard unit is the reader (each
/// shard creates its own topics).
/// </summary>
internal sealed class HistoryScenario : ILoadScenario
{
    public async Task<LoadResult> RunAsync(RunContext ctx, CancellationToken ct)
    {
        var o = ctx.Options;
        var readerCount = o.Shard.Share(o.Readers);
        if (readerCount == 0)
        {
            throw new SetupException($"shard {o.Shard} owns none of the {o.Readers} reader(s)");
        }

        var clients = new ConcurrentBag<ProtocolClient>();
        try
        {
            ctx.Info($"creating {o.Topics} topic(s) of {o.Messages} messages");
            var setupStart = Stopwatch.GetTimestamp();
            var topics = new string[o.Topics];
            await Parallel.ForEachAsync(Enumerable.Range(0, o.Topics), ctx.Parallel(ct), async (t, token) =>
            {
                topics[t] = await FillTopicAsync(ctx, t, clients, token);
            });
            var setupRate = (double)o.Topics * o.Messages / Stopwatch.GetElapsedTime(setupStart).TotalSeconds;

            ctx.Info($"setting up {readerCount} reader(s)");
            var readers = new HistoryReader[readerCount];
            await Parallel.ForEachAsync(Enumerable.Range(0, readerCount), ctx.Parallel(ct), async (r, token) =>
            {
                var (client, _) = await ctx.Sessions.OpenWithNewAccountAsync($"reader{r}", token);
                clients.Add(client);
                var topic = topics[r % topics.Length];
                await ctx.Sessions.SubscribeAsync(client, topic, token);
                readers[r] = new HistoryReader(ctx, client, topic);
            });

            await ctx.WaitForStartAsync(ct);
            var self = Process.GetCurrentProcess();
            ctx.Window.StartAt(Stopwatch.GetTimestamp() + Timing.FromSeconds(o.Warmup.TotalSeconds));
            using var stop = new CancellationTokenSource(o.Warmup + o.Duration);
            using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var page = new StepStats("page");
            var interval = Histograms.Create();
            var (pagesBefore, errorsBefore) = (0L, 0L);
            var monitor = new RunMonitor(ctx, () => [page], (at, seconds, measured) =>
            {
                interval.Reset();
                foreach (var r in readers)
                {
                    interval.Add(r.Latency.TakeInterval());
                }

                var (pagesNow, errorsNow) = (readers.Sum(r => r.Pages), readers.Sum(r => r.ErrorCount));
                page.AddInterval(at, seconds, pagesNow - errorsNow - (pagesBefore - errorsBefore), errorsNow - errorsBefore, interval, measured);
                (pagesBefore, errorsBefore) = (pagesNow, errorsNow);
            }, () => readers.Sum(r => r.Mismatches), () => string.Create(CultureInfo.InvariantCulture, $"messages {readers.Sum(r => r.Messages)} mismatches {readers.Sum(r => r.Mismatches)}"));
            if (o.Warmup > TimeSpan.Zero)
            {
                monitor.BeginPhase("warm-up", measured: false);
            }

            var progress = monitor.RunAsync(progressStop.Token);
            var loops = readers.Select(r => r.RunAsync(stop.Token, ct)).ToArray();
            if (o.Warmup > TimeSpan.Zero)
            {
                await Task.Delay(o.Warmup, ct);
            }

            self.Refresh();
            var cpuStart = self.TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            var pagesStart = readers.Sum(r => r.Pages);
            var messagesStart = readers.Sum(r => r.Messages);
            var brokerStart = ctx.Sampler.Sample();
            monitor.BeginPhase(string.Create(CultureInfo.InvariantCulture, $"{readerCount} readers"), measured: true);
            await Bounded.WhenAllAsync(ctx, loops, o.Duration + o.RequestTimeout + TimeSpan.FromSeconds(5), "history readers", ct);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var brokerEnd = ctx.Sampler.Sample();
            self.Refresh();
            var generatorCpu = self.TotalProcessorTime - cpuStart;
            monitor.Finish();
            await progressStop.CancelAsync();
            await progress;

            var result = TrafficReport.NewResult(ctx);
            result.Parameters = string.Create(CultureInfo.InvariantCulture,
                $"{o.Topics} topic(s) x {o.Messages} msgs, {o.Readers} readers, page {o.PageSize}");
            result.MeasuredSeconds = Math.Round(seconds, 3);
            result.Sessions = clients.Count;
            var mismatches = readers.Sum(r => r.Mismatches);
            result.History = new HistoryStats
            {
                Topics = o.Topics,
                MessagesPerTopic = o.Messages,
                SetupPublishPerSec = Math.Round(setupRate, 1),
                Pages = readers.Sum(r => r.Pages),
                PagesPerSec = Math.Round((readers.Sum(r => r.Pages) - pagesStart) / seconds, 1),
                MessagesPerSec = Math.Round((readers.Sum(r => r.Messages) - messagesStart) / seconds, 1),
                FullPasses = readers.Sum(r => r.Passes),
                Mismatches = mismatches,
                MismatchSamples = readers.SelectMany(r => r.Samples).Take(10).ToList(),
                PageLatency = LatencySummary.From(page.Latency),
            };
            result.Phases = [.. monitor.Phases];
            StepReports.Fill(result, [page], seconds);
            foreach (var (code, count) in readers.SelectMany(r => r.Errors))
            {
                var key = code.ToString(CultureInfo.InvariantCulture);
                result.Errors[key] = result.Errors.GetValueOrDefault(key) + count;
            }

            TrafficReport.AddProcess(ctx, result, brokerStart, brokerEnd, generatorCpu, seconds);
            if (mismatches > 0)
            {
                result.Failures.Add($"{mismatches} history pages did not match what was published");
            }

            return result;
        }
        finally
        {
            await ClientPool.CloseAllAsync(clients);
        }
    }

    /// <summary>Creates a group and publishes M messages into it; waits for every ack.</summary>
    private static async Task<string> FillTopicAsync(RunContext ctx, int t, ConcurrentBag<ProtocolClient> clients, CancellationToken ct)
    {
        var o = ctx.Options;
        var (writer, _) = await ctx.Sessions.OpenWithNewAccountAsync($"writer{t}", ct);
        clients.Add(writer);
        var topic = await ctx.Sessions.SubscribeAsync(writer, "new", ct);
        var publisher = new Publisher(t, writer, topic, o.Size, o.Window, ctx.Window);
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
