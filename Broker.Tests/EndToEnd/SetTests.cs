using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary><c>{set}</c> on a group: description, tags, one reply per part.</summary>
public sealed class SetTests
{
    private static JsonObject Desc(JsonObject desc) => new() { ["desc"] = desc };

    [Fact]
    public async Task The_owner_sets_public_and_private_and_members_see_the_public()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);

        var ctrl = await alice.SetAsync(topic, Desc(new JsonObject
        {
            ["public"] = new JsonObject { ["fn"] = "Hikers", ["note"] = "weekly" },
            ["private"] = new JsonObject { ["comment"] = "alice's view" },
        }));

        FrameAssert.Ctrl(ctrl, 200, "ok");
        Assert.Equal(topic, ctrl.Str("topic"));
        var aliceDesc = await alice.GetDescAsync(topic);
        var bobDesc = await bob.GetDescAsync(topic);
        Assert.Equal("Hikers", aliceDesc.GetProperty("public").Str("fn"));
        Assert.Equal("alice's view", aliceDesc.GetProperty("private").Str("comment"));
        Assert.Equal("Hikers", bobDesc.GetProperty("public").Str("fn"));
        Assert.False(bobDesc.Has("private"));
    }

    [Fact]
    public async Task A_member_sets_its_own_private_but_not_the_public()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync(Desc(new JsonObject { ["public"] = "Original" }));
        await bob.SubAsync(topic);

        var pub = await bob.SetAsync(topic, Desc(new JsonObject { ["public"] = "Hijacked" }));
        var priv = await bob.SetAsync(topic, Desc(new JsonObject { ["private"] = "bob's note" }));

        FrameAssert.Ctrl(pub, 403, "permission denied");
        FrameAssert.Ctrl(priv, 200, "ok");
        var desc = await bob.GetDescAsync(topic);
        Assert.Equal("Original", desc.GetProperty("public").GetString());
        Assert.Equal("bob's note", desc.GetProperty("private").GetString());
        Assert.False((await alice.GetDescAsync(topic)).Has("private"));
    }

    [Fact]
    public async Task Public_objects_are_merged_and_the_delete_marker_clears_a_member_or_the_whole_value()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync(Desc(new JsonObject { ["public"] = new JsonObject { ["fn"] = "Club", ["photo"] = "p.png" } }));

        await alice.SetAsync(topic, Desc(new JsonObject { ["public"] = new JsonObject { ["note"] = "new" } }));
        var merged = (await alice.GetDescAsync(topic)).GetProperty("public");
        await alice.SetAsync(topic, Desc(new JsonObject { ["public"] = new JsonObject { ["photo"] = "\u2421" } }));
        var fieldCleared = (await alice.GetDescAsync(topic)).GetProperty("public");
        await alice.SetAsync(topic, Desc(new JsonObject { ["public"] = "\u2421", ["private"] = "x" }));
        await alice.SetAsync(topic, Desc(new JsonObject { ["private"] = "\u2421" }));
        var cleared = await alice.GetDescAsync(topic);

        Assert.Equal("Club", merged.Str("fn"));
        Assert.Equal("p.png", merged.Str("photo"));
        Assert.Equal("new", merged.Str("note"));
        Assert.False(fieldCleared.Has("photo"));
        Assert.Equal("Club", fieldCleared.Str("fn"));
        Assert.False(cleared.Has("public"));
        Assert.False(cleared.Has("private"));
    }

    [Fact]
    public async Task Setting_the_same_value_is_304_not_modified()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync(Desc(new JsonObject { ["public"] = "Club", ["private"] = "mine" }));

        FrameAssert.Ctrl(await alice.SetAsync(topic, Desc(new JsonObject { ["public"] = "Club" })), 304, "not modified");
        FrameAssert.Ctrl(await alice.SetAsync(topic, Desc(new JsonObject { ["private"] = "mine" })), 304, "not modified");
    }

    [Fact]
    public async Task Trusted_cannot_be_set()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync();

        FrameAssert.Ctrl(await alice.SetAsync(topic, Desc(new JsonObject { ["trusted"] = new JsonObject { ["verified"] = true } })), 403, "permission denied");
    }

    [Fact]
    public async Task Set_replies_once_per_part_in_order_desc_sub_tags()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);

        await alice.SendAsync(new JsonObject
        {
            ["set"] = new JsonObject
            {
                ["id"] = "multi",
                ["topic"] = topic,
                ["desc"] = new JsonObject { ["public"] = "Renamed" },
                ["sub"] = new JsonObject { ["user"] = bob.UserId, ["mode"] = "JRP" },
                ["tags"] = new JsonArray("renamed"),
            },
        });
        var first = await alice.CtrlAsync("multi");
        var second = await alice.CtrlAsync("multi");
        var third = await alice.CtrlAsync("multi");

        FrameAssert.Ctrl(first, 200, "ok");
        Assert.False(first.Has("params"));
        FrameAssert.Ctrl(second, 200, "ok");
        Assert.Equal(bob.UserId, second.GetProperty("params").Str("user"));
        FrameAssert.Ctrl(third, 200, "ok");
        Assert.Equal(1, third.GetProperty("params").Long("added"));
    }

    [Fact]
    public async Task The_owner_sets_group_tags()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync(new JsonObject { ["tags"] = new JsonArray("one") });

        var ctrl = await alice.SetAsync(topic, new JsonObject { ["tags"] = new JsonArray("two", "Three") });
        var same = await alice.SetAsync(topic, new JsonObject { ["tags"] = new JsonArray("three", "two") });
        var bad = await alice.SetAsync(topic, new JsonObject { ["tags"] = new JsonArray("two", "no spaces allowed") });

        FrameAssert.Ctrl(ctrl, 200, "ok");
        Assert.Equal(2, ctrl.GetProperty("params").Long("added"));
        Assert.Equal(1, ctrl.GetProperty("params").Long("removed"));
        FrameAssert.Ctrl(same, 304, "not modified");
        FrameAssert.Ctrl(bad, 400, "malformed");
        var tags = (await alice.GetAsync(topic, "tags")).GetProperty("meta").GetProperty("tags");
        Assert.Equal(new[] { "two", "three" }, tags.EnumerateArray().Select(t => t.GetString()!).ToArray());
    }

    [Fact]
    public async Task Tags_past_MaxTagCount_are_dropped()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxTagCount=2");
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync();

        FrameAssert.Ctrl(await alice.SetAsync(topic, new JsonObject { ["tags"] = new JsonArray("aa", "bb", "cc") }), 200, "ok");

        var tags = (await alice.GetAsync(topic, "tags")).GetProperty("meta").GetProperty("tags");
        Assert.Equal(new[] { "aa", "bb" }, tags.EnumerateArray().Select(t => t.GetString()!).ToArray());
    }

    [Fact]
    public async Task Set_on_a_topic_without_a_subscription_is_404()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var mallory = await broker.UserAsync("mallory");
        var topic = await alice.CreateGroupAsync();

        FrameAssert.Ctrl(await mallory.SetAsync(topic, Desc(new JsonObject { ["private"] = "x" })), 404, "not found");
    }

    [Fact]
    public async Task Set_works_for_a_member_who_is_not_attached()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        await bob.LeaveAsync(topic);

        FrameAssert.Ctrl(await bob.SetAsync(topic, Desc(new JsonObject { ["private"] = "later" })), 200, "ok");
        FrameAssert.Ctrl(await bob.SetSubAsync(topic, null, "JRP"), 200, "ok");

        var desc = await bob.GetDescAsync(topic);
        Assert.Equal("later", desc.GetProperty("private").GetString());
        Assert.Equal("JRP", desc.GetProperty("acs").Str("want"));
    }
}
