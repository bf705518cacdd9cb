using System.Collections.Concurrent;
using System.Globalization;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Run;

namespace Broker.Bench.Load.Scenarios;

/// <summary>
/// N p2p pairs: A subscribes to <c>usr&lt;B&gt;</c> (creating the p2p topic), B to <c>usr&lt;A&gt;</c>; both publish
/// (noecho) and each is the other's only audience. <c>--rate</c> is shared by all 2N publishers. The shard unit
/// is the pair.
/// </summary>
internal sealed class PairsScenario : ILoadScenario
{
    public async Task<LoadResult> RunAsync(RunContext ctx, CancellationToken ct)
    {
        var o = ctx.Options;
        var pairs = Enumerable.Range(0, o.Pairs).Where(o.Shard.Owns).ToList();
        if (pairs.Count == 0)
        {
            throw new SetupException($"shard {o.Shard} owns none of the {o.Pairs} pair(s)");
        }

        var clients = new ConcurrentBag<ProtocolClient>();
        var made = new ConcurrentDictionary<int, (ProtocolClient A, string TopicA, ProtocolClient B, string TopicB)>();
        try
        {
            ctx.Info($"setting up {pairs.Count} p2p pair(s)");
            await Parallel.ForEachAsync(pairs, ctx.Parallel(ct), async (i, token) =>
            {
                made[i] = await SetUpPairAsync(ctx, i, clients, token);
            });

            var publishers = new List<Publisher>();
            var loss = new LossTracker();
            foreach (var (a, topicA, b, topicB) in pairs.Select(i => made[i]))
            {
                var pa = new Publisher(publishers.Count, a, topicA, o.Size, o.Window, ctx.Window);
                publishers.Add(pa);
                loss.Track(pa.Id, pa.Acked, [b.Ledger]);
                var pb = new Publisher(publishers.Count, b, topicB, o.Size, o.Window, ctx.Window);
                publishers.Add(pb);
                loss.Track(pb.Id, pb.Acked, [a.Ledger]);
            }

            var all = clients.ToList();
            var run = new TrafficRun(ctx, all, publishers, loss);
            var outcome = await run.RunAsync((p, schedule, stop) => p.RunAsync(schedule, null, stop, ct), ct);
            await ClientPool.CloseAllAsync(all);
            var result = TrafficReport.Build(ctx, run, outcome, all, publishers, loss.Compute());
            result.Parameters = string.Create(CultureInfo.InvariantCulture,
                $"{o.Pairs} pairs, {TrafficReport.RateText(o)}, window {o.Window}, {o.Size} B");
            return result;
        }
        finally
        {
            await ClientPool.CloseAllAsync(clients);
        }
    }

    private static async Task<(ProtocolClient A, string TopicA, ProtocolClient B, string TopicB)> SetUpPairAsync(
        RunContext ctx, int i, ConcurrentBag<ProtocolClient> clients, CancellationToken ct)
    {
        var (a, accountA) = await ctx.Sessions.OpenWithNewAccountAsync($"p{i}-a", ct);
        clients.Add(a);
        var (b, accountB) = await ctx.Sessions.OpenWithNewAccountAsync($"p{i}-b", ct);
        clients.Add(b);
        var topicA = await ctx.Sessions.SubscribeAsync(a, "usr" + UserSuffix(accountB.UserId), ct);
        var topicB = await ctx.Sessions.SubscribeAsync(b, "usr" + UserSuffix(accountA.UserId), ct);
        return (a, topicA, b, topicB);
    }

    /// <summary>User ids come as <c>usrXXXX</c>; the p2p topic a user sees is the peer's id.</summary>
    internal static string UserSuffix(string userId) =>
        userId.StartsWith("usr", StringComparison.Ordinal) ? userId[3..] : userId;
}
