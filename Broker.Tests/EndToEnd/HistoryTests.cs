using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary><c>{get}</c> of messages (newest first, paging, ranges) and of the other parts of a group.</summary>
public sealed class HistoryTests
{
    /// <summary>A group owned by alice with messages 1..count, bob a member; neither has unconsumed data.</summary>
    private static async Task<string> GroupWithMessagesAsync(TestClient alice, TestClient bob, int count)
    {
        var topic = await alice.CreateGroupAsync();
        for (var i = 1; i <= count; i++)
        {
            await alice.PubAsync(topic, "m" + i, noEcho: true);
        }

        await bob.SubAsync(topic);
        return topic;
    }

    [Fact]
    public async Task Get_data_returns_messages_newest_first_then_208_with_the_count()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupWithMessagesAsync(alice, bob, 5);

        var (frames, ctrl) = await bob.GetDataAsync(topic);

        Assert.Equal(new long[] { 5, 4, 3, 2, 1 }, frames.Select(f => f.Long("seq")!.Value).ToArray());
        Assert.Equal(new[] { "m5", "m4", "m3", "m2", "m1" }, frames.Select(f => f.Str("content")!).ToArray());
        Assert.All(frames, f => Assert.Equal(alice.UserId, f.Str("from")));
        FrameAssert.Ctrl(ctrl, 208, "delivered");
        Assert.Equal(topic, ctrl.Str("topic"));
        Assert.Equal("data", ctrl.GetProperty("params").Str("what"));
        Assert.Equal(5, ctrl.GetProperty("params").Long("count"));
    }

    [Fact]
    public async Task Limit_returns_the_newest_page()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupWithMessagesAsync(alice, bob, 5);

        var (frames, ctrl) = await bob.GetDataAsync(topic, new JsonObject { ["limit"] = 2 });

        Assert.Equal(new long[] { 5, 4 }, frames.Select(f => f.Long("seq")!.Value).ToArray());
        Assert.Equal(2, ctrl.GetProperty("params").Long("count"));
    }

    [Fact]
    public async Task The_page_size_is_capped_by_MaxPageSize()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxPageSize=3");
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupWithMessagesAsync(alice, bob, 5);

        Assert.Equal(new long[] { 5, 4, 3 }, await bob.GetSeqsAsync(topic, new JsonObject { ["limit"] = 50 }));
        Assert.Equal(new long[] { 5, 4, 3 }, await bob.GetSeqsAsync(topic));
    }

    [Theory]
    [InlineData(2, 0, new long[] { 5, 4, 3, 2 })]
    [InlineData(0, 3, new long[] { 2, 1 })]
    [InlineData(2, 4, new long[] { 3, 2 })]
    [InlineData(3, 3, new long[0])]
    public async Task Since_is_inclusive_and_before_exclusive(long since, long before, long[] expected)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupWithMessagesAsync(alice, bob, 5);
        var options = new JsonObject();
        if (since > 0)
        {
            options["since"] = since;
        }

        if (before > 0)
        {
            options["before"] = before;
        }

        Assert.Equal(expected, await bob.GetSeqsAsync(topic, options));
    }

    [Fact]
    public async Task Since_before_and_limit_page_backwards()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupWithMessagesAsync(alice, bob, 6);

        var page1 = await bob.GetSeqsAsync(topic, new JsonObject { ["limit"] = 2 });
        var page2 = await bob.GetSeqsAsync(topic, new JsonObject { ["before"] = page1[^1], ["limit"] = 2 });
        var page3 = await bob.GetSeqsAsync(topic, new JsonObject { ["before"] = page2[^1], ["limit"] = 2 });

        Assert.Equal(new long[] { 6, 5 }, page1);
        Assert.Equal(new long[] { 4, 3 }, page2);
        Assert.Equal(new long[] { 2, 1 }, page3);
    }

    [Fact]
    public async Task Ranges_select_single_ids_and_half_open_ranges()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupWithMessagesAsync(alice, bob, 6);

        var seqs = await bob.GetSeqsAsync(topic, new JsonObject
        {
            ["ranges"] = new JsonArray(new JsonObject { ["low"] = 1 }, new JsonObject { ["low"] = 3, ["hi"] = 5 }),
        });

        Assert.Equal(new long[] { 4, 3, 1 }, seqs);
    }

    [Theory]
    [InlineData("{\"ims\":\"2026-01-01T00:00:00Z\"}")]
    [InlineData("{\"since\":-1}")]
    [InlineData("{\"ranges\":[{\"low\":0}]}")]
    [InlineData("{\"ranges\":[{\"low\":5,\"hi\":3}]}")]
    public async Task Invalid_data_options_are_400(string options)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupWithMessagesAsync(alice, bob, 2);

        var (_, ctrl) = await bob.GetDataAsync(topic, JsonNode.Parse(options)!.AsObject());

        FrameAssert.Ctrl(ctrl, 400, "malformed");
    }

    [Fact]
    public async Task An_empty_topic_answers_204_with_what_data()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync();

        var (frames, ctrl) = await alice.GetDataAsync(topic);

        Assert.Empty(frames);
        FrameAssert.Ctrl(ctrl, 204, "no content");
        Assert.Equal("data", ctrl.GetProperty("params").Str("what"));
    }

    [Fact]
    public async Task A_range_with_nothing_in_it_answers_204()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupWithMessagesAsync(alice, bob, 2);

        var (_, ctrl) = await bob.GetDataAsync(topic, new JsonObject { ["since"] = 10 });

        FrameAssert.Ctrl(ctrl, 204, "no content");
    }

    [Fact]
    public async Task Get_desc_describes_the_topic_for_the_member()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync(new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "Club" } } });
        await alice.PubAsync(topic, "one", noEcho: true);
        await bob.SubAsync(topic);

        var reply = await bob.GetAsync(topic, "desc");

        var meta = reply.GetProperty("meta");
        Assert.Equal(topic, meta.Str("topic"));
        Assert.True(meta.Has("id"));
        Assert.True(meta.Has("ts"));
        var desc = meta.GetProperty("desc");
        Assert.Equal("Club", desc.GetProperty("public").Str("fn"));
        FrameAssert.Acs(desc.GetProperty("acs"), "JRWPS", "JRWPS", "JRWPS");
        Assert.Equal(1, desc.Long("seq"));
        Assert.Equal(0, desc.Long("read"));
        Assert.Equal(0, desc.Long("recv"));
        Assert.Equal(2, desc.Long("subcnt"));
        Assert.True(desc.Has("created"));
        Assert.True(desc.Has("updated"));
        Assert.True(desc.Has("touched"));
        // bob has S: a sharer sees the default access.
        Assert.Equal("JRWPS", desc.GetProperty("defacs").Str("auth"));
    }

    [Fact]
    public async Task Get_several_parts_replies_once_per_part_with_the_same_id()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync(new JsonObject { ["tags"] = new JsonArray("club") });
        await alice.PubAsync(topic, "one", noEcho: true);

        var id = await alice.SendGetAsync(topic, "desc sub tags data del");
        var delivered = await alice.ExpectCtrlAsync(c => c.Str("id") == id && c.Long("code") == 204, "204 for del, the last part");

        Assert.Equal("del", delivered.GetProperty("params").Str("what"));
        var frames = alice.Backlog.ToList();
        Assert.True(frames[0].GetProperty("meta").Has("desc"));
        Assert.True(frames[1].GetProperty("meta").Has("sub"));
        Assert.True(frames[2].GetProperty("meta").Has("tags"));
        Assert.Equal(1, frames[3].GetProperty("data").Long("seq"));
        FrameAssert.Ctrl(frames[4].GetProperty("ctrl"), 208, "delivered");
        Assert.All(frames.Where(f => f.Has("meta")), f => Assert.Equal(id, f.GetProperty("meta").Str("id")));
    }

    [Fact]
    public async Task Get_data_needs_a_subscription()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var mallory = await broker.UserAsync("mallory");
        var topic = await alice.CreateGroupAsync();
        await alice.PubAsync(topic, "secret", noEcho: true);

        var (frames, ctrl) = await mallory.GetDataAsync(topic);

        Assert.Empty(frames);
        FrameAssert.Ctrl(ctrl, 403, "permission denied");
    }

    [Fact]
    public async Task A_non_member_gets_only_the_public_description()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var mallory = await broker.UserAsync("mallory");
        var topic = await alice.CreateGroupAsync(new JsonObject
        {
            ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "Club" }, ["private"] = "owner's note" },
        });
        await alice.PubAsync(topic, "one", noEcho: true);

        var desc = await mallory.GetDescAsync(topic);
        var subs = await mallory.GetAsync(topic, "sub");

        Assert.Equal("Club", desc.GetProperty("public").Str("fn"));
        Assert.False(desc.Has("private"));
        Assert.False(desc.Has("seq"));
        Assert.False(desc.Has("defacs"));
        Assert.Equal("JRWPS", desc.GetProperty("acs").Str("mode"));
        FrameAssert.Ctrl(subs.GetProperty("ctrl"), 404, "not found");
    }

    [Fact]
    public async Task A_member_not_attached_gets_desc_and_its_own_subscription_only()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupWithMessagesAsync(alice, bob, 2);
        FrameAssert.Ctrl(await bob.LeaveAsync(topic), 200, "ok");

        var (frames, data) = await bob.GetDataAsync(topic);
        var del = (await bob.GetAsync(topic, "del")).GetProperty("ctrl");
        var own = await bob.GetSubsAsync(topic);
        var other = (await bob.GetAsync(topic, "sub", new JsonObject { ["sub"] = new JsonObject { ["user"] = alice.UserId } })).GetProperty("ctrl");
        var id = await bob.SendGetAsync(topic, "desc data");
        var desc = await bob.ExpectMetaAsync(id, "desc");
        await bob.BarrierAsync(topic);

        Assert.Empty(frames);
        FrameAssert.Ctrl(data, 403, "permission denied");
        FrameAssert.Ctrl(del, 403, "permission denied");
        Assert.Equal(bob.UserId, Assert.Single(own.EnumerateArray()).Str("user"));
        FrameAssert.Ctrl(other, 403, "permission denied");
        Assert.Equal(2, desc.GetProperty("desc").Long("seq"));
        bob.AssertNotReceived("ctrl", c => c.Str("id") == id, "a reply to the data part while not attached");
        bob.AssertNotReceived("data", _ => true, "data while not attached");
    }

    [Fact]
    public async Task A_member_who_is_not_a_sharer_sees_only_own_and_admin_modes()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        await carol.SubAsync(topic);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRWP"), 200, "ok");

        var members = (await bob.GetSubsAsync(topic)).EnumerateArray().ToDictionary(m => m.Str("user")!);

        FrameAssert.Acs(members[bob.UserId!].GetProperty("acs"), "JRWPS", "JRWP", "JRWP");
        FrameAssert.Acs(members[alice.UserId!].GetProperty("acs"), "JRWPASDO", "JRWPASDO", "JRWPASDO");
        Assert.Equal("{}", members[carol.UserId!].GetProperty("acs").GetRawText());
    }

    [Fact]
    public async Task Get_tags_is_for_the_owner()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var tagged = await alice.CreateGroupAsync(new JsonObject { ["tags"] = new JsonArray("one", "two") });
        var untagged = await alice.CreateGroupAsync();
        await bob.SubAsync(tagged);

        var tags = (await alice.GetAsync(tagged, "tags")).GetProperty("meta").GetProperty("tags");
        var none = (await alice.GetAsync(untagged, "tags")).GetProperty("ctrl");
        var notOwner = (await bob.GetAsync(tagged, "tags")).GetProperty("ctrl");

        Assert.Equal(new[] { "one", "two" }, tags.EnumerateArray().Select(t => t.GetString()!).ToArray());
        FrameAssert.Ctrl(none, 204, "no content");
        Assert.Equal("tags", none.GetProperty("params").Str("what"));
        FrameAssert.Ctrl(notOwner, 403, "permission denied");
    }

    [Fact]
    public async Task Get_del_lists_the_deleted_ranges_visible_to_the_user()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupWithMessagesAsync(alice, bob, 5);
        FrameAssert.Ctrl(await alice.DelAsync(topic, new JsonObject
        {
            ["what"] = "msg",
            ["hard"] = true,
            ["delseq"] = new JsonArray(new JsonObject { ["low"] = 1 }, new JsonObject { ["low"] = 3, ["hi"] = 5 }),
        }), 200, "ok");

        var reply = await bob.GetAsync(topic, "del");

        var del = reply.GetProperty("meta").GetProperty("del");
        Assert.Equal(1, del.Long("clear"));
        var ranges = del.GetProperty("delseq").EnumerateArray().Select(r => (r.Long("low"), r.Long("hi"))).ToArray();
        Assert.Equal(new (long?, long?)[] { (1, null), (3, 5) }, ranges);
    }

    [Fact]
    public async Task Get_del_with_nothing_deleted_is_204()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync();

        var ctrl = (await alice.GetAsync(topic, "del")).GetProperty("ctrl");

        FrameAssert.Ctrl(ctrl, 204, "no content");
        Assert.Equal("del", ctrl.GetProperty("params").Str("what"));
    }
}
