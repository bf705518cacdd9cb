using System.Collections.Concurrent;
using System.Globalization;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Run;

namespace Broker.Bench.Load.Scenarios;

/// <summary>
/// G groups, each with S receiving sessions and P publishing sessions (every session its own account). The
/// first publisher creates the group; publishers publish with noecho, so every other member of the group,
/// publishers included, is in a publisher's audience (with write-only publishers, the subscribers alone). The shard
/// unit is the group.
/// </summary>
internal sealed class FanoutScenario : ILoadScenario
{
    public async Task<LoadResult> RunAsync(RunContext ctx, CancellationToken ct)
    {
        var o = ctx.Options;
        var groups = Enumerable.Range(0, o.Groups).Where(o.Shard.Owns).ToList();
        if (groups.Count == 0)
        {
            throw new SetupException($"shard {o.Shard} owns none of the {o.Groups} group(s); use at least as many groups as shards");
        }

        var clients = new ConcurrentBag<ProtocolClient>();
        var publishers = new List<Publisher>();
        var loss = new LossTracker();
        try
        {
            ctx.Info($"setting up {groups.Count} group(s) x ({o.Subscribers} subscribers + {o.Publishers} publishers)");
            foreach (var g in groups)
            {
                var members = await SetUpGroupAsync(ctx, g, clients, ct);
                if (o.WriteOnlyPublishers)
                {
                    // The first publisher owns the group and keeps J and O; the others joined with the group's default.
                    for (var i = 0; i < o.Publishers; i++)
                    {
                        await ctx.Sessions.SetOwnModeAsync(members[i].Client, members[i].Topic, i == 0 ? "JWPASDO" : "JWP", ct);
                    }
                }

                foreach (var member in members.Take(o.Publishers))
                {
                    var publisher = new Publisher(publishers.Count, member.Client, member.Topic, o.Size, o.Window, ctx.Window);
                    publishers.Add(publisher);
                    var audience = o.WriteOnlyPublishers ? members.Skip(o.Publishers) : members.Where(m => m.Client != member.Client);
                    loss.Track(publisher.Id, publisher.Acked, audience.Select(m => m.Client.Ledger).ToList());
                }
            }

            var all = clients.ToList();
            var run = new TrafficRun(ctx, all, publishers, loss);
            var outcome = await run.RunAsync((p, schedule, stop) => p.RunAsync(schedule, null, stop, ct), ct);
            await ClientPool.CloseAllAsync(all);
            var result = TrafficReport.Build(ctx, run, outcome, all, publishers, loss.Compute());
            result.Parameters = string.Create(CultureInfo.InvariantCulture,
                $"{o.Groups}g x {o.Subscribers}{(o.Channel ? " channel readers" : "s")}, {o.Publishers}p/g{(o.WriteOnlyPublishers ? " write-only" : "")}, {TrafficReport.RateText(o)}, window {o.Window}, {o.Size} B");
            return result;
        }
        finally
        {
            await ClientPool.CloseAllAsync(clients);
        }
    }

    /// <summary>Creates group <paramref name="g"/> and its members; publishers come first in the returned list.</summary>
    private static async Task<IReadOnlyList<(ProtocolClient Client, string Topic)>> SetUpGroupAsync(
        RunContext ctx, int g, ConcurrentBag<ProtocolClient> clients, CancellationToken ct)
    {
        var o = ctx.Options;
        var (owner, _) = await ctx.Sessions.OpenWithNewAccountAsync($"g{g}-pub0", ct);
        clients.Add(owner);
        var topic = await ctx.Sessions.SubscribeAsync(owner, o.Channel ? "nch" : "new", ct);
        // Channel readers address the group as chn… with the same 11 characters.
        var joinAs = o.Channel ? "chn" + topic[3..] : topic;
        var others = new ProtocolClient[o.Publishers - 1 + o.Subscribers];
        await Parallel.ForEachAsync(Enumerable.Range(0, others.Length), ctx.Parallel(ct), async (i, token) =>
        {
            var name = i < o.Publishers - 1 ? $"g{g}-pub{i + 1}" : $"g{g}-sub{i - (o.Publishers - 1)}";
            var (client, _) = await ctx.Sessions.OpenWithNewAccountAsync(name, token);
            clients.Add(client);
            await ctx.Sessions.SubscribeAsync(client, joinAs, token);
            others[i] = client;
        });
        return [(owner, topic), .. others.Select(c => (c, topic))];
    }
}
