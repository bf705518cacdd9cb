using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>The <c>me</c> topic: the user's profile, subscriptions, tags and credentials.</summary>
public sealed class MeTopicTests
{
    [Fact]
    public async Task Sub_me_then_a_second_sub_is_304()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        var first = await alice.SubAsync("me");
        var second = await alice.SubAsync("me");

        FrameAssert.Ctrl(first, 200, "ok");
        Assert.Equal("me", first.Str("topic"));
        FrameAssert.Ctrl(second, 304, "already subscribed");
    }

    [Fact]
    public async Task Get_desc_on_me_describes_the_user()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        var reply = await alice.GetAsync("me", "desc");

        var meta = reply.GetProperty("meta");
        Assert.Equal("me", meta.Str("topic"));
        var desc = meta.GetProperty("desc");
        Assert.Equal("alice", desc.GetProperty("public").Str("fn"));
        Assert.Equal("JRWPAS", desc.GetProperty("defacs").Str("auth"));
        Assert.Equal("N", desc.GetProperty("defacs").Str("anon"));
        FrameAssert.Acs(desc.GetProperty("acs"), "JPS", "JPS", "JPS");
        Assert.True(desc.Has("created"));
    }

    [Fact]
    public async Task Get_sub_on_me_with_no_subscriptions_is_204()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        var ctrl = (await alice.GetAsync("me", "sub")).GetProperty("ctrl");

        FrameAssert.Ctrl(ctrl, 204, "no content");
        Assert.Equal("me", ctrl.Str("topic"));
        Assert.Equal("sub", ctrl.GetProperty("params").Str("what"));
    }

    [Fact]
    public async Task Get_sub_on_me_lists_groups_and_p2p_topics_with_their_state()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await bob.SubAsync("me");
        var group = await alice.CreateGroupAsync(new JsonObject
        {
            ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "Club" }, ["private"] = new JsonObject { ["comment"] = "mine" } },
        });
        await alice.PubAsync(group, "one", noEcho: true);
        await alice.PubAsync(group, "two", noEcho: true);
        await alice.NoteAsync(group, "read", 1);
        await alice.BarrierAsync(group);
        await alice.SubAsync(bob.UserId!, set: new JsonObject { ["desc"] = new JsonObject { ["private"] = new JsonObject { ["comment"] = "friend" } } });
        await alice.PubAsync(bob.UserId!, "hi bob", noEcho: true);

        var subs = (await alice.GetSubsAsync("me")).EnumerateArray().ToDictionary(s => s.Str("topic")!);

        Assert.Equal(2, subs.Count);
        var g = subs[group];
        FrameAssert.Acs(g.GetProperty("acs"), "JRWPASDO", "JRWPASDO", "JRWPASDO");
        Assert.Equal("Club", g.GetProperty("public").Str("fn"));
        Assert.Equal("mine", g.GetProperty("private").Str("comment"));
        Assert.Equal(2, g.Long("seq"));
        // Her own messages count as read (the later {note read 1} is stale and dropped).
        Assert.Equal(2, g.Long("read"));
        Assert.Equal(2, g.Long("recv"));
        Assert.True(g.Has("touched"));
        Assert.True(g.Has("updated"));
        Assert.True(g.GetProperty("online").GetBoolean());
        var p = subs[bob.UserId!];
        FrameAssert.Acs(p.GetProperty("acs"), "JRWPA", "JRWPA", "JRWPA");
        Assert.Equal("bob", p.GetProperty("public").Str("fn"));
        Assert.Equal("friend", p.GetProperty("private").Str("comment"));
        Assert.Equal(1, p.Long("seq"));
        Assert.Equal(1, p.Long("read"));
        Assert.True(p.GetProperty("online").GetBoolean());
        Assert.False(p.Has("user"));
    }

    [Fact]
    public async Task Get_sub_on_me_honours_limit()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await alice.CreateGroupAsync();
        await alice.CreateGroupAsync();
        await alice.CreateGroupAsync();

        var reply = await alice.GetAsync("me", "sub", new JsonObject { ["sub"] = new JsonObject { ["limit"] = 2 } });

        Assert.Equal(2, reply.GetProperty("meta").GetProperty("sub").GetArrayLength());
    }

    [Fact]
    public async Task Set_desc_on_me_changes_public_and_tells_the_users_other_sessions()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var alicePhone = await broker.SessionOfAsync(alice);
        await alicePhone.SubAsync("me");

        var set = await alice.SetAsync("me", new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "Alice J.", ["photo"] = "x" } } });
        var same = await alice.SetAsync("me", new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "Alice J." } } });

        FrameAssert.Ctrl(set, 200, "ok");
        Assert.Equal("me", set.Str("topic"));
        FrameAssert.Ctrl(same, 304, "not modified");
        var pub = (await alice.GetDescAsync("me")).GetProperty("public");
        Assert.Equal("Alice J.", pub.Str("fn"));
        Assert.Equal("x", pub.Str("photo"));
        await alicePhone.ExpectPresAsync("me", "upd", "me");
    }

    [Fact]
    public async Task Set_desc_on_me_clears_a_field_with_the_delete_marker()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await alice.SetAsync("me", new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "Alice", ["photo"] = "x" } } });

        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["photo"] = "\u2421" } } }), 200, "ok");
        var afterField = (await alice.GetDescAsync("me")).GetProperty("public");
        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["desc"] = new JsonObject { ["public"] = "\u2421" } }), 200, "ok");
        var afterAll = await alice.GetDescAsync("me");

        Assert.Equal("Alice", afterField.Str("fn"));
        Assert.False(afterField.Has("photo"));
        Assert.False(afterAll.Has("public"));
    }

    [Fact]
    public async Task Set_defacs_on_me_is_masked_and_used_for_new_p2p_topics()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");

        FrameAssert.Ctrl(await bob.SetAsync("me", new JsonObject { ["desc"] = new JsonObject { ["defacs"] = new JsonObject { ["auth"] = "JRWPSO" } } }), 200, "ok");
        var desc = await bob.GetDescAsync("me");
        var created = await alice.SubAsync(bob.UserId!);

        Assert.Equal("JRWPA", desc.GetProperty("defacs").Str("auth"));
        FrameAssert.Acs(created.GetProperty("params").GetProperty("acs"), "JRWPA", "JRWPA", "JRWPA");
    }

    [Fact]
    public async Task A_user_whose_default_is_N_cannot_be_messaged()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        FrameAssert.Ctrl(await bob.SetAsync("me", new JsonObject { ["desc"] = new JsonObject { ["defacs"] = new JsonObject { ["auth"] = "N" } } }), 200, "ok");

        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 403, "permission denied");
    }

    [Fact]
    public async Task Trusted_and_sub_cannot_be_set_on_me()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["desc"] = new JsonObject { ["trusted"] = new JsonObject { ["verified"] = true } } }), 403, "permission denied");
        FrameAssert.Ctrl(await alice.SetSubAsync("me", null, "JRWP"), 403, "permission denied");
    }

    [Fact]
    public async Task Tags_on_me_are_set_normalized_and_reported()
    {
        await using var broker = await TestBroker.StartAsync("--Auth:Basic:AddToTags=false");
        await using var alice = await broker.UserAsync("alice");

        var set = await alice.SetAsync("me", new JsonObject { ["tags"] = new JsonArray("Travel", "hiking", "travel") });
        var same = await alice.SetAsync("me", new JsonObject { ["tags"] = new JsonArray("hiking", "travel") });
        var change = await alice.SetAsync("me", new JsonObject { ["tags"] = new JsonArray("travel", "music") });
        var bad = await alice.SetAsync("me", new JsonObject { ["tags"] = new JsonArray("a") });

        FrameAssert.Ctrl(set, 200, "ok");
        Assert.Equal(2, set.GetProperty("params").Long("added"));
        Assert.False(set.GetProperty("params").Has("removed"));
        FrameAssert.Ctrl(same, 304, "not modified");
        Assert.Equal(1, change.GetProperty("params").Long("added"));
        Assert.Equal(1, change.GetProperty("params").Long("removed"));
        FrameAssert.Ctrl(bad, 400, "malformed");
        var tags = (await alice.GetAsync("me", "tags")).GetProperty("meta").GetProperty("tags");
        Assert.Equal(new[] { "travel", "music" }, tags.EnumerateArray().Select(t => t.GetString()!).ToArray());
    }

    [Fact]
    public async Task Get_tags_and_cred_on_me_with_none_are_204()
    {
        await using var broker = await TestBroker.StartAsync("--Auth:Basic:AddToTags=false");
        await using var alice = await broker.UserAsync("alice");

        var tags = (await alice.GetAsync("me", "tags")).GetProperty("ctrl");
        var cred = (await alice.GetAsync("me", "cred")).GetProperty("ctrl");

        FrameAssert.Ctrl(tags, 204, "no content");
        Assert.Equal("tags", tags.GetProperty("params").Str("what"));
        FrameAssert.Ctrl(cred, 204, "no content");
        Assert.Equal("creds", cred.GetProperty("params").Str("what"));
    }

    [Fact]
    public async Task Me_cannot_be_left_with_unsub_or_deleted()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await alice.SubAsync("me");

        FrameAssert.Ctrl(await alice.LeaveAsync("me", unsub: true), 403, "permission denied");
        FrameAssert.Ctrl(await alice.DelAsync("me", new JsonObject { ["what"] = "topic" }), 403, "permission denied");
        FrameAssert.Ctrl(await alice.LeaveAsync("me"), 200, "ok");
        FrameAssert.Ctrl(await alice.LeaveAsync("me"), 304, "not joined");
    }

    [Fact]
    public async Task Get_on_me_works_without_attaching()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        var desc = await alice.GetDescAsync("me");

        Assert.Equal("alice", desc.GetProperty("public").Str("fn"));
    }
}
