using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Protocol.Names;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Hardening;

/// <summary>Other users' topics stay closed, and ids cannot be enumerated.</summary>
public sealed class AccessTests
{
    private static int Code(JsonElement ctrl) => ctrl.GetProperty("code").GetInt32();

    [Fact]
    public async Task A_third_user_cannot_join_read_or_write_a_p2p_topic()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.ConnectAsync();
        await using var bob = await broker.ConnectAsync();
        await using var mallory = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        await bob.RegisterAsync("bob");
        await mallory.RegisterAsync("mallory");
        Assert.Equal(200, Code(await alice.SubAsync(bob.UserId!)));
        Assert.Equal(200, Code(await bob.SubAsync(alice.UserId!)));
        Assert.True(UserId.TryParse(alice.UserId, out var a));
        Assert.True(UserId.TryParse(bob.UserId, out var b));
        var p2p = TopicNames.P2PName(a, b);

        Assert.Equal(404, Code(await mallory.SubAsync(p2p)));
        Assert.Equal(404, Code(await mallory.RequestAsync("get", new JsonObject { ["topic"] = p2p, ["what"] = "desc sub data" })));
        Assert.Equal(404, Code(await mallory.RequestAsync("pub", new JsonObject { ["topic"] = p2p, ["content"] = "let me in" })));
        Assert.Equal(404, Code(await mallory.RequestAsync("set", new JsonObject { ["topic"] = p2p, ["desc"] = new JsonObject { ["private"] = "x" } })));
        Assert.Equal(404, Code(await mallory.RequestAsync("del", new JsonObject { ["topic"] = p2p, ["what"] = "topic" })));

        await alice.PubAsync(bob.UserId!, "private");
        await bob.ExpectDataAsync(alice.UserId!, 1);
        await mallory.HiAsync(); // everything sent to mallory before this reply is in
        Assert.DoesNotContain(mallory.Received(), f => f.TryGetProperty("data", out _) || f.TryGetProperty("info", out _));
    }

    [Fact]
    public async Task A_group_closed_to_new_members_refuses_them()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.ConnectAsync();
        await using var mallory = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        await mallory.RegisterAsync("mallory");
        var group = (await alice.SubAsync("new", set: new JsonObject
        {
            ["desc"] = new JsonObject { ["defacs"] = new JsonObject { ["auth"] = "N", ["anon"] = "N" } },
        })).GetProperty("topic").GetString()!;

        Assert.Equal(403, Code(await mallory.SubAsync(group)));
        Assert.Equal(403, Code(await mallory.RequestAsync("get", new JsonObject { ["topic"] = group, ["what"] = "data" })));
        Assert.Equal(409, Code(await mallory.RequestAsync("pub", new JsonObject { ["topic"] = group, ["content"] = "spam" })));
    }

    [Fact]
    public async Task User_ids_and_group_names_are_random_not_sequential()
    {
        await using var broker = await TestBroker.StartAsync();
        var ids = new List<ulong>();
        var groups = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            await using var client = await broker.ConnectAsync();
            await client.RegisterAsync("user" + i);
            Assert.True(UserId.TryParse(client.UserId, out var id));
            ids.Add(unchecked((ulong)id.Value));
            groups.Add((await client.SubAsync("new")).GetProperty("topic").GetString()!);
        }

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(groups.Count, groups.Distinct().Count());
        var sorted = ids.Order().ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            // Random 64-bit ids: neighbours are astronomically far apart; a counter would be 1 apart.
            Assert.True(sorted[i] - sorted[i - 1] > 1UL << 32, "user ids look sequential");
        }

        Assert.All(groups, g => Assert.Equal(14, g.Length));
    }
}
