using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Protocol.Names;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Hardening;

/// <summary>
/// Seeded, bounded fuzzing: 8 sessions each send 500 mutated frames while a well-behaved pair chats on the side. The
/// broker must keep serving, no fuzz session may see anything of a topic it may not read, and the pair's chat must be
/// complete and in order.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 20261123;
    private const int Sessions = 8;
    private const int FramesPerSession = 500;
    private const int SideMessages = 200;

    [Fact]
    public async Task Mutated_frames_never_break_the_broker_leak_or_disturb_other_users()
    {
        var watch = Stopwatch.StartNew();
        await using var broker = await TestBroker.StartAsync("--Broker:RateLimit:PubPerSecond=0", "--Broker:RateLimit:FramesPerSecond=0");
        await using var alice = await broker.ConnectAsync();
        await using var bob = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        await bob.RegisterAsync("bob");
        Assert.Equal(200, (await alice.SubAsync(bob.UserId!)).GetProperty("code").GetInt32());
        Assert.Equal(200, (await bob.SubAsync(alice.UserId!)).GetProperty("code").GetInt32());
        var closed = (await alice.SubAsync("new", set: new JsonObject
        {
            ["desc"] = new JsonObject { ["defacs"] = new JsonObject { ["auth"] = "N", ["anon"] = "N" } },
        })).GetProperty("topic").GetString()!;
        await alice.PubAsync(closed, "secret group");
        UserId.TryParse(alice.UserId, out var a);
        UserId.TryParse(bob.UserId, out var b);
        var p2p = TopicNames.P2PName(a, b);

        // Fuzzers, registered first so they can aim at each other.
        var fuzzers = new List<TestClient>();
        for (var i = 0; i < Sessions; i++)
        {
            var client = await broker.ConnectAsync();
            await client.RegisterAsync("fuzz" + i);
            fuzzers.Add(client);
        }

        var fuzzGroups = new ConcurrentBag<string>();
        for (var i = 0; i < Sessions; i += 2)
        {
            fuzzGroups.Add((await fuzzers[i].SubAsync("new")).GetProperty("topic").GetString()!);
        }

        string[] userIds = [alice.UserId!, bob.UserId!, .. fuzzers.Select(f => f.UserId!)];
        var secrets = new HashSet<string>(StringComparer.Ordinal) { closed, p2p };

        var side = ChatAsync(alice, bob);
        var runs = fuzzers.Select((client, i) => FuzzAsync(client, Seed + i, () => [closed, p2p, "me", "new", "newx", .. fuzzGroups, .. userIds], () => userIds)).ToList();
        var sideResult = await side;
        var subIdsPerSession = await Task.WhenAll(runs);

        // The side chat: every message acknowledged with the next seq and delivered, in order.
        Assert.Equal(Enumerable.Range(1, SideMessages).Select(i => (long)i), sideResult);

        var codes = new ConcurrentDictionary<int, int>();
        var joinedTotal = 0;
        for (var i = 0; i < Sessions; i++)
        {
            var client = fuzzers[i];
            Assert.True(client.IsOpen, $"fuzz session {i} (seed {Seed + i}) was closed: {client.CloseStatus} {client.CloseDescription}");
            Assert.Equal(201, (await client.RequestAsync("hi", [])).GetProperty("code").GetInt32());
            var joined = new HashSet<string>(StringComparer.Ordinal) { "me" };
            var subIds = subIdsPerSession[i];
            foreach (var frame in client.Received())
            {
                if (frame.TryGetProperty("ctrl", out var ctrl))
                {
                    var code = ctrl.GetProperty("code").GetInt32();
                    codes.AddOrUpdate(code, 1, (_, n) => n + 1);
                    Assert.True(code is < 500 or 501 or 503, $"fuzz session {i} (seed {Seed + i}) got {ctrl.GetRawText()}");
                    if (code == 200 && ctrl.TryGetProperty("id", out var id) && subIds.Contains(id.GetString()!) && ctrl.TryGetProperty("topic", out var topic))
                    {
                        joined.Add(topic.GetString()!);
                    }

                    continue;
                }

                Assert.False(IsLeak(frame, joined, fuzzGroups, secrets), $"fuzz session {i} (seed {Seed + i}) received {frame.GetRawText()}");
            }

            joinedTotal += joined.Count - 1;
        }

        // The fuzz reached the topics: requests were both served and refused, and some subscriptions succeeded.
        var summary = string.Join(", ", codes.OrderBy(c => c.Key).Select(c => $"{c.Key}x{c.Value}"));
        Assert.True(codes.Where(c => c.Key is >= 200 and < 300).Sum(c => c.Value) > 100, summary);
        Assert.True(codes.Where(c => c.Key is >= 400 and < 500).Sum(c => c.Value) > 1000, summary);
        Assert.True(joinedTotal > 0, "no fuzz session joined any topic: " + summary);
        TestContext.Current.SendDiagnosticMessage("fuzz replies: " + summary + "; topics joined: " + joinedTotal);

        // The host still serves a new connection.
        await using var late = await broker.ConnectAsync();
        Assert.Equal(201, (await late.HiAsync()).GetProperty("code").GetInt32());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"fuzzing took {watch.Elapsed}");
    }

    /// <summary>Sends the fuzzer's frames without waiting for replies; returns the ids of its {sub} frames.</summary>
    private static async Task<HashSet<string>> FuzzAsync(TestClient client, int seed, Func<IReadOnlyList<string>> topics, Func<IReadOnlyList<string>> users)
    {
        var mutator = new FrameMutator(seed, topics, users);
        var subIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < FramesPerSession; i++)
        {
            var (text, subId) = mutator.Next();
            if (subId is not null)
            {
                subIds.Add(subId);
            }

            await client.SendRawAsync(text);
        }

        return subIds;
    }

    /// <summary>Alice and Bob take turns; each message must be acknowledged with the next seq and reach the other.</summary>
    private static async Task<List<long>> ChatAsync(TestClient alice, TestClient bob)
    {
        var seqs = new List<long>();
        for (var i = 0; i < SideMessages; i++)
        {
            var (from, to) = i % 2 == 0 ? (alice, bob) : (bob, alice);
            var seq = await from.PubAsync(to.UserId!, "side-" + i);
            var data = await to.ExpectDataAsync(from.UserId!, seq);
            Assert.Equal("side-" + i, data.GetProperty("content").GetString());
            seqs.Add(seq);
        }

        return seqs;
    }

    /// <summary>
    /// A leak is any {data}/{info}, or {meta} beyond the public desc, about alice's closed group or the alice-bob p2p
    /// topic, any side-chat or secret content, or {data}/{info} of a topic the fuzzer neither joined nor shares with
    /// other fuzzers (their groups and p2p topics, where an invitation makes reading legitimate).
    /// </summary>
    private static bool IsLeak(JsonElement frame, HashSet<string> joined, IEnumerable<string> fuzzGroups, HashSet<string> secrets)
    {
        foreach (var kind in new[] { "data", "info", "meta" })
        {
            if (!frame.TryGetProperty(kind, out var body))
            {
                continue;
            }

            if (kind == "data" && body.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                && (content.GetString()!.StartsWith("side-", StringComparison.Ordinal) || content.GetString()!.StartsWith("secret", StringComparison.Ordinal)))
            {
                return true;
            }

            var topic = body.TryGetProperty("topic", out var t) ? t.GetString() ?? "" : "";
            var beyondDesc = kind != "meta" || body.TryGetProperty("sub", out _) || body.TryGetProperty("tags", out _) || body.TryGetProperty("del", out _);
            if (secrets.Contains(topic))
            {
                return beyondDesc;
            }

            return kind != "meta" && !joined.Contains(topic) && !fuzzGroups.Contains(topic) && !topic.StartsWith("usr", StringComparison.Ordinal);
        }

        return false;
    }
}
