using System.Collections.Concurrent;
using System.Globalization;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Run;

namespace Broker.Bench.Load.Scenarios;

/// <summary>
/// Soak: N sessions, all on <c>me</c>. Most are idle (sharing <c>--users</c> accounts by token login); 2 x
/// <c>--pairs</c> chat in p2p pairs and <c>--groups</c> x <c>--group-size</c> in groups, each with its own account.
/// Chatting sessions share <c>--rate</c>; before a message a session sends a typing note with probability
/// <c>--typing</c> and a read note for the newest message it received. Loss is checked as in fanout/pairs;
/// the broker's RSS is sampled every second for the report's series. Units split by <c>--shard</c>.
/// </summary>
internal sealed class MixedScenario : ILoadScenario
{
    private long _notes;
    private double _typing;

    public async Task<LoadResult> RunAsync(RunContext ctx, CancellationToken ct)
    {
        var o = ctx.Options;
        _typing = o.Typing;
        var pairs = o.Shard.Share(o.Pairs);
        var groups = o.Shard.Share(o.Groups);
        var idle = o.Shard.Share(o.Sessions - (2 * o.Pairs) - (o.Groups * o.GroupSize));
        var clients = new ConcurrentBag<ProtocolClient>();
        try
        {
            ctx.Info($"setting up {idle} idle session(s), {pairs} pair(s), {groups} group(s) of {o.GroupSize}");
            var chatters = new ConcurrentBag<(ProtocolClient Client, string Topic, IReadOnlyList<DeliveryLedger> Audience)>();
            await SetUpIdleAsync(ctx, idle, clients, ct);
            await Parallel.ForEachAsync(Enumerable.Range(0, pairs), ctx.Parallel(ct), async (i, token) =>
            {
                var (a, accountA) = await OpenChatterAsync(ctx, $"p{i}-a", clients, token);
                var (b, accountB) = await OpenChatterAsync(ctx, $"p{i}-b", clients, token);
                var topicA = await ctx.Sessions.SubscribeAsync(a, "usr" + PairsScenario.UserSuffix(accountB.UserId), token);
                var topicB = await ctx.Sessions.SubscribeAsync(b, "usr" + PairsScenario.UserSuffix(accountA.UserId), token);
                chatters.Add((a, topicA, [b.Ledger]));
                chatters.Add((b, topicB, [a.Ledger]));
            });
            for (var g = 0; g < groups; g++)
            {
                var (owner, _) = await OpenChatterAsync(ctx, $"g{g}-m0", clients, ct);
                var topic = await ctx.Sessions.SubscribeAsync(owner, "new", ct);
                var members = new ProtocolClient[o.GroupSize];
                members[0] = owner;
                await Parallel.ForEachAsync(Enumerable.Range(1, o.GroupSize - 1), ctx.Parallel(ct), async (m, token) =>
                {
                    var (member, _) = await OpenChatterAsync(ctx, $"g{g}-m{m}", clients, token);
                    await ctx.Sessions.SubscribeAsync(member, topic, token);
                    members[m] = member;
                });
                foreach (var member in members)
                {
                    chatters.Add((member, topic, members.Where(x => x != member).Select(x => x.Ledger).ToList()));
                }
            }

            var publishers = new List<Publisher>();
            var loss = new LossTracker();
            foreach (var (client, topic, audience) in chatters)
            {
                var publisher = new Publisher(publishers.Count, client, topic, o.Size, o.Window, ctx.Window);
                publishers.Add(publisher);
                loss.Track(publisher.Id, publisher.Acked, audience);
            }

            var all = clients.ToList();
            if (publishers.Count == 0)
            {
                throw new SetupException("mixed needs at least one pair or group in this shard");
            }

            var readMarks = publishers.ToDictionary(p => p, _ => 0L);
            var run = new TrafficRun(ctx, all, publishers, loss);
            var outcome = await run.RunAsync(
                (p, schedule, stop) => p.RunAsync(schedule, (pub, token) => NotesAsync(pub, readMarks, token), stop, ct), ct);
            await ClientPool.CloseAllAsync(all);
            var result = TrafficReport.Build(ctx, run, outcome, all, publishers, loss.Compute());
            result.Parameters = string.Create(CultureInfo.InvariantCulture,
                $"{o.Sessions} sessions ({o.Pairs} pairs, {o.Groups}x{o.GroupSize} groups), {TrafficReport.RateText(o)}, typing {o.Typing}");
            result.NotesSent = Interlocked.Read(ref _notes);
            result.RssSeriesMb = ctx.Sampler.Series.Select(s => Math.Round(s.RssBytes / 1048576.0, 1)).ToList();
            return result;
        }
        finally
        {
            await ClientPool.CloseAllAsync(clients);
        }
    }

    /// <summary>Typing before a message, and a read note when something new arrived since the last one.</summary>
    private async ValueTask NotesAsync(Publisher publisher, Dictionary<Publisher, long> readMarks, CancellationToken ct)
    {
        var client = publisher.Client;
        if (Random.Shared.NextDouble() < _typing)
        {
            await client.TrySendAsync(RequestFrames.Note(publisher.Topic, "kp"), ct);
            Interlocked.Increment(ref _notes);
        }

        var seen = client.LastSeq;
        lock (readMarks)
        {
            if (seen <= readMarks[publisher])
            {
                return;
            }

            readMarks[publisher] = seen;
        }

        await client.TrySendAsync(RequestFrames.Note(publisher.Topic, "read", seen), ct);
        Interlocked.Increment(ref _notes);
    }

    private static async Task SetUpIdleAsync(RunContext ctx, int idle, ConcurrentBag<ProtocolClient> clients, CancellationToken ct)
    {
        if (idle == 0)
        {
            return;
        }

        var accounts = new Account[Math.Min(ctx.Options.Users, idle)];
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts.Length), ctx.Parallel(ct), async (i, token) =>
        {
            var (client, account) = await ctx.Sessions.OpenWithNewAccountAsync($"idle{i}", token);
            clients.Add(client);
            accounts[i] = account;
            await ctx.Sessions.SubscribeAsync(client, "me", token);
        });
        await Parallel.ForEachAsync(Enumerable.Range(accounts.Length, idle - accounts.Length), ctx.Parallel(ct), async (i, token) =>
        {
            var client = await ctx.Sessions.OpenWithTokenAsync($"idle{i}", accounts[i % accounts.Length], token);
            clients.Add(client);
            await ctx.Sessions.SubscribeAsync(client, "me", token);
        });
    }

    private static async Task<(ProtocolClient, Account)> OpenChatterAsync(RunContext ctx, string name, ConcurrentBag<ProtocolClient> clients, CancellationToken ct)
    {
        var (client, account) = await ctx.Sessions.OpenWithNewAccountAsync(name, ct);
        clients.Add(client);
        await ctx.Sessions.SubscribeAsync(client, "me", ct);
        return (client, account);
    }
}
