using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Broker.Bench.Load.Api;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Run;

namespace Broker.Bench.Load.Scenarios;

/// <summary>
/// Ramp to N sessions, each: WebSocket connect, <c>{hi}</c>, <c>{login scheme:"token"}</c>, <c>{sub me}</c>. Accounts
/// (<c>--users</c>, shared round-robin) are created first and not measured. Sessions are held open for
/// <c>--duration</c>; the broker's RSS growth divided by the sessions held gives memory per session (with an
/// in-process broker the generator's own sockets are included; use <c>--url</c> for the broker alone).
/// The shard unit is the session.
/// </summary>
internal sealed class ConnectScenario : ILoadScenario
{
    public async Task<LoadResult> RunAsync(RunContext ctx, CancellationToken ct)
    {
        var o = ctx.Options;
        var target = o.Shard.Share(o.Sessions);
        if (target == 0)
        {
            throw new SetupException($"shard {o.Shard} owns none of the {o.Sessions} session(s)");
        }

        WarnAboutFileLimit(ctx, target);
        var sessions = new ConcurrentBag<ProtocolClient>();
        var accounts = new Account[Math.Min(o.Users, target)];
        try
        {
            ctx.Info($"creating {accounts.Length} account(s)");
            await Parallel.ForEachAsync(Enumerable.Range(0, accounts.Length), ctx.Parallel(ct), async (i, token) =>
            {
                var (client, account) = await ctx.Sessions.OpenWithNewAccountAsync($"user{i}", token);
                accounts[i] = account;
                await client.DisposeAsync();
            });

            await ctx.WaitForStartAsync(ct);
            if (ctx.BrokerInProcess)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            var before = ctx.Sampler.Sample();
            var failures = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var setup = new StepMeter("setup");
            ctx.Info($"ramping to {target} sessions ({(o.RampRate > 0 ? $"{o.RampRate:0.#}/s" : "as fast as possible")}, {o.Concurrency} at a time)");
            var monitor = new RunMonitor(ctx, () => [setup.Stats], setup.Sample, () => failures.Values.Sum(),
                () => string.Create(CultureInfo.InvariantCulture, $"open {sessions.Count(s => s.IsOpen)}/{target} rss {Rss(ctx)}"));
            using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            monitor.BeginPhase("ramp", measured: true);
            var progress = monitor.RunAsync(progressStop.Token);

            var rampStart = Stopwatch.GetTimestamp();
            var options = new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = ct };
            await Parallel.ForEachAsync(Enumerable.Range(0, target), options, async (i, token) =>
            {
                if (o.RampRate > 0)
                {
                    var due = TimeSpan.FromSeconds(i / o.RampRate) - Stopwatch.GetElapsedTime(rampStart);
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, token);
                    }
                }

                var started = Stopwatch.GetTimestamp();
                var (client, stage) = await OpenSessionAsync(ctx, i, accounts[i % accounts.Length], failures, token);
                if (client is null)
                {
                    setup.RecordFail(stage, measured: true);
                    return;
                }

                sessions.Add(client);
                setup.RecordOk(Timing.Elapsed(started, Stopwatch.GetTimestamp()), measured: true);
            });
            var rampSeconds = Stopwatch.GetElapsedTime(rampStart).TotalSeconds;
            var established = sessions.Count;
            ctx.Info($"{established} sessions established in {rampSeconds:0.00} s; holding for {o.Duration.TotalSeconds:0.#} s");

            var rampEnd = ctx.Sampler.Sample();
            monitor.BeginPhase("hold", measured: false);
            await Task.Delay(o.Duration, ct);
            if (ctx.BrokerInProcess)
            {
                GC.Collect();
            }

            var held = ctx.Sampler.Sample();
            var dropped = sessions.Count(s => s.Dropped);
            monitor.Finish();
            await progressStop.CancelAsync();
            await progress;

            var result = TrafficReport.NewResult(ctx);
            result.Parameters = string.Create(CultureInfo.InvariantCulture,
                $"{o.Sessions} sessions, {o.Users} users, concurrency {o.Concurrency}, ramp {(o.RampRate > 0 ? o.RampRate.ToString(CultureInfo.InvariantCulture) + "/s" : "max")}");
            result.MeasuredSeconds = Math.Round(rampSeconds, 3);
            result.Phases = [.. monitor.Phases];
            StepReports.Fill(result, [setup.Stats], rampSeconds);
            result.Sessions = established;
            result.Connect = new ConnectStats
            {
                Attempted = target,
                Established = established,
                RampSeconds = Math.Round(rampSeconds, 3),
                ConnectionsPerSec = Math.Round(established / Math.Max(rampSeconds, 1e-9), 1),
                DroppedDuringHold = dropped,
                Failures = new SortedDictionary<string, long>(failures, StringComparer.Ordinal),
                SetupLatency = LatencySummary.From(setup.Stats.Latency),
                RssBeforeMb = Mb(before?.RssBytes),
                RssHeldMb = Mb(held?.RssBytes),
                RssPerSessionKb = before is { } b && held is { } h && established > 0
                    ? Math.Round((h.RssBytes - b.RssBytes) / 1024.0 / established, 1)
                    : null,
            };
            // CPU over the ramp (where connecting costs), memory while held.
            TrafficReport.AddProcess(ctx, result, before, rampEnd, TimeSpan.Zero, 0);
            result.GeneratorCpuPercent = null;
            result.BrokerRssMb = Mb(held?.RssBytes);
            result.BrokerPeakRssMb = Mb(held?.PeakRssBytes);
            if (established < target)
            {
                result.Failures.Add($"{target - established} of {target} sessions failed to set up");
            }

            if (dropped > 0)
            {
                result.Failures.Add($"{dropped} sessions dropped while held");
            }

            await ClientPool.CloseAllAsync(sessions);
            TrafficReport.AddErrors(result, sessions);
            return result;
        }
        finally
        {
            await ClientPool.CloseAllAsync(sessions);
        }
    }

    private static async Task<(ProtocolClient? Client, string Stage)> OpenSessionAsync(RunContext ctx, int i, Account account,
        ConcurrentDictionary<string, long> failures, CancellationToken ct)
    {
        var client = new ProtocolClient($"c{i}", ctx.Window);
        var stage = "connect";
        try
        {
            await client.ConnectAsync(ctx.NextEndpoint(), ctx.Options.ApiKey, ct);
            var timeout = ctx.Options.RequestTimeout;
            stage = "hi";
            var reply = await client.RequestAsync(RequestFrames.Hi, timeout, ct);
            if (reply.IsSuccess)
            {
                stage = "login";
                reply = await client.RequestAsync(id => RequestFrames.LoginToken(id, account.Token), timeout, ct);
            }

            if (reply.IsSuccess)
            {
                stage = "sub me";
                reply = await client.RequestAsync(id => RequestFrames.Subscribe(id, "me"), timeout, ct);
            }

            if (reply.IsSuccess)
            {
                return (client, stage);
            }

            stage = $"{stage} {reply.Code}";
            failures.AddOrUpdate(stage, 1, (_, n) => n + 1);
        }
        catch (Exception e) when (e is SetupException or System.Net.WebSockets.WebSocketException or HttpRequestException or IOException)
        {
            stage = $"{stage} failed";
            failures.AddOrUpdate(stage, 1, (_, n) => n + 1);
        }

        await client.DisposeAsync();
        return (null, stage);
    }

    private static void WarnAboutFileLimit(RunContext ctx, int sessions)
    {
        var perSession = ctx.BrokerInProcess ? 2 : 1;
        if (Stats.ProcessStats.OpenFileLimit() is { } limit && sessions * perSession + 200 > limit)
        {
            ctx.Info($"warning: {sessions} sessions need about {sessions * perSession} file descriptors but the limit is {limit} (ulimit -n)");
        }
    }

    private static string Rss(RunContext ctx) => ctx.Sampler.Latest is { } s ? $"{s.RssBytes / 1048576.0:0}MB" : "n/a";

    private static double? Mb(long? bytes) => bytes is { } b ? Math.Round(b / 1048576.0, 1) : null;
}
