using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary><c>{del}</c>: messages (soft and hard), members, and whole topics.</summary>
public sealed class DeleteTests
{
    /// <summary>alice owns a group with messages 1..count; the members join after and are attached.</summary>
    private static async Task<string> GroupAsync(TestClient alice, int count, params TestClient[] members)
    {
        var topic = await alice.CreateGroupAsync();
        for (var i = 1; i <= count; i++)
        {
            await alice.PubAsync(topic, "m" + i, noEcho: true);
        }

        foreach (var member in members)
        {
            FrameAssert.Ctrl(await member.SubAsync(topic), 200, "ok");
        }

        return topic;
    }

    [Fact]
    public async Task A_soft_delete_hides_messages_only_for_the_deleter()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, 3, bob);

        var ctrl = await bob.DelMsgAsync(topic, false, 2);

        FrameAssert.Ctrl(ctrl, 200, "ok");
        Assert.Equal(topic, ctrl.Str("topic"));
        Assert.Equal(1, ctrl.GetProperty("params").Long("del"));
        Assert.Equal(new long[] { 3, 1 }, await bob.GetSeqsAsync(topic));
        Assert.Equal(new long[] { 3, 2, 1 }, await alice.GetSeqsAsync(topic));
        var del = (await bob.GetAsync(topic, "del")).GetProperty("meta").GetProperty("del");
        Assert.Equal(1, del.Long("clear"));
        Assert.Equal(2, Assert.Single(del.GetProperty("delseq").EnumerateArray()).Long("low"));
        FrameAssert.Ctrl((await alice.GetAsync(topic, "del")).GetProperty("ctrl"), 204, "no content");
    }

    [Fact]
    public async Task A_soft_delete_tells_the_deleters_other_sessions_on_the_topic()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var bobPhone = await broker.SessionOfAsync(bob);
        var topic = await GroupAsync(alice, 3, bob, bobPhone);

        FrameAssert.Ctrl(await bob.DelMsgAsync(topic, false, 1, 2), 200, "ok");

        var pres = await bobPhone.ExpectPresAsync(topic, "del");
        Assert.Equal(1, pres.Long("clear"));
        Assert.Equal(bob.UserId, pres.Str("src"));
        Assert.Equal(1, pres.GetProperty("delseq")[0].Long("low"));
        Assert.Equal(3, pres.GetProperty("delseq")[0].Long("hi"));
        await alice.AssertNoPresAsync(topic, topic, "del");
        await bob.AssertNoPresAsync(topic, topic, "del");
    }

    [Fact]
    public async Task A_hard_delete_removes_messages_for_everyone_and_tells_the_attached_members()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, 4, bob);

        var ctrl = await alice.DelAsync(topic, new JsonObject
        {
            ["what"] = "msg",
            ["hard"] = true,
            ["delseq"] = new JsonArray(new JsonObject { ["low"] = 2, ["hi"] = 4 }),
        });

        FrameAssert.Ctrl(ctrl, 200, "ok");
        var pres = await bob.ExpectPresAsync(topic, "del", alice.UserId);
        Assert.Equal(1, pres.Long("clear"));
        Assert.Equal(2, pres.GetProperty("delseq")[0].Long("low"));
        Assert.Equal(4, pres.GetProperty("delseq")[0].Long("hi"));
        Assert.Equal(new long[] { 4, 1 }, await bob.GetSeqsAsync(topic));
        Assert.Equal(new long[] { 4, 1 }, await alice.GetSeqsAsync(topic));
        // The seq is not reused.
        Assert.Equal(5, await alice.PubAsync(topic, "next", noEcho: true));
    }

    [Fact]
    public async Task Sessions_not_attached_hear_of_deletes_on_me()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var bobPhone = await broker.SessionOfAsync(bob);
        await using var carol = await broker.UserAsync("carol");
        var topic = await GroupAsync(alice, 3, bob, carol);
        await carol.LeaveAsync(topic);
        await carol.SubAsync("me");
        await bobPhone.SubAsync("me");

        FrameAssert.Ctrl(await alice.DelMsgAsync(topic, true, 1), 200, "ok");
        var hard = await carol.ExpectPresAsync("me", "del", topic);
        var hardToBob = await bobPhone.ExpectFrameAsync("pres", p => p.Str("what") == "del" && p.Long("clear") == 1, "hard delete on me");
        FrameAssert.Ctrl(await bob.DelMsgAsync(topic, false, 2), 200, "ok");
        var soft = await bobPhone.ExpectFrameAsync("pres", p => p.Str("what") == "del" && p.Long("clear") == 2, "soft delete on me");

        Assert.Equal(1, hard.Long("clear"));
        Assert.Equal(alice.UserId, hard.Str("act"));
        Assert.False(hard.Has("delseq"));
        Assert.Equal("me", hardToBob.Str("topic"));
        Assert.Equal("me", soft.Str("topic"));
        Assert.Equal(topic, soft.Str("src"));
        Assert.False(soft.Has("act"));
        // A soft delete is nobody else's business.
        await carol.AssertNoFrameAsync(topic, "pres", p => p.Str("what") == "del" && p.Long("clear") == 2, "someone else's soft delete");
    }

    [Fact]
    public async Task The_clear_marker_counts_delete_transactions()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, 4, bob);

        var first = await alice.DelMsgAsync(topic, true, 1);
        var second = await bob.DelMsgAsync(topic, false, 2);
        var third = await alice.DelMsgAsync(topic, true, 3);

        Assert.Equal(1, first.GetProperty("params").Long("del"));
        Assert.Equal(2, second.GetProperty("params").Long("del"));
        Assert.Equal(3, third.GetProperty("params").Long("del"));
        var bobDel = (await bob.GetAsync(topic, "del")).GetProperty("meta").GetProperty("del");
        Assert.Equal(3, bobDel.Long("clear"));
        Assert.Equal(1, bobDel.GetProperty("delseq")[0].Long("low"));
        Assert.Equal(4, bobDel.GetProperty("delseq")[0].Long("hi"));
        var aliceDel = (await alice.GetAsync(topic, "del")).GetProperty("meta").GetProperty("del");
        Assert.Equal(new long?[] { 1, 3 }, aliceDel.GetProperty("delseq").EnumerateArray().Select(r => r.Long("low")).ToArray());
        Assert.Equal(3, (await alice.GetDescAsync(topic)).Long("clear"));
    }

    [Fact]
    public async Task Get_del_pages_by_delete_transaction()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await GroupAsync(alice, 4);
        await alice.DelMsgAsync(topic, true, 1);
        await alice.DelMsgAsync(topic, true, 3);

        var reply = await alice.GetAsync(topic, "del", new JsonObject { ["del"] = new JsonObject { ["since"] = 2 } });

        var del = reply.GetProperty("meta").GetProperty("del");
        Assert.Equal(2, del.Long("clear"));
        Assert.Equal(3, Assert.Single(del.GetProperty("delseq").EnumerateArray()).Long("low"));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"low\":0}]")]
    [InlineData("[{\"low\":9}]")]
    [InlineData("[{\"low\":3,\"hi\":2}]")]
    [InlineData("[{\"low\":-1}]")]
    public async Task Invalid_ranges_are_400(string delseq)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await GroupAsync(alice, 4);

        var ctrl = await alice.DelAsync(topic, new JsonObject { ["what"] = "msg", ["delseq"] = JsonNode.Parse(delseq) });

        FrameAssert.Ctrl(ctrl, 400, "malformed");
        FrameAssert.Ctrl(await alice.DelAsync(topic, new JsonObject { ["what"] = "msg" }), 400, "malformed");
    }

    [Fact]
    public async Task A_range_past_the_last_seq_is_clamped()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await GroupAsync(alice, 4);

        var ctrl = await alice.DelAsync(topic, new JsonObject
        {
            ["what"] = "msg",
            ["hard"] = true,
            ["delseq"] = new JsonArray(new JsonObject { ["low"] = 3, ["hi"] = 100 }),
        });

        FrameAssert.Ctrl(ctrl, 200, "ok");
        var del = (await alice.GetAsync(topic, "del")).GetProperty("meta").GetProperty("del");
        Assert.Equal(5, del.GetProperty("delseq")[0].Long("hi"));
        Assert.Equal(new long[] { 2, 1 }, await alice.GetSeqsAsync(topic));
    }

    [Fact]
    public async Task Deleting_messages_needs_an_attachment()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, 2, bob);
        await bob.LeaveAsync(topic);

        FrameAssert.Ctrl(await bob.DelMsgAsync(topic, false, 1), 409, "must attach first");
    }

    [Fact]
    public async Task Removing_a_member_evicts_it_with_unsub_and_sends_pres_gone_on_its_me()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var bobPhone = await broker.SessionOfAsync(bob);
        var topic = await GroupAsync(alice, 1, bob);
        await bobPhone.SubAsync("me");

        var ctrl = await alice.DelAsync(topic, new JsonObject { ["what"] = "sub", ["user"] = bob.UserId });

        FrameAssert.Ctrl(ctrl, 200, "ok");
        var evicted = await bob.ExpectCtrlAsync(c => c.Long("code") == 205, "eviction");
        FrameAssert.Ctrl(evicted, 205, "evicted");
        Assert.Equal(topic, evicted.Str("topic"));
        Assert.True(evicted.GetProperty("params").GetProperty("unsub").GetBoolean());
        await bobPhone.ExpectPresAsync("me", "gone", topic);
        var members = (await alice.GetSubsAsync(topic)).EnumerateArray().Select(m => m.Str("user")).ToArray();
        Assert.Equal(new[] { alice.UserId }, members);
        FrameAssert.Ctrl(await bob.PublishAsync(topic, "x"), 409, "must attach first");
        FrameAssert.Ctrl((await bobPhone.GetAsync("me", "sub")).GetProperty("ctrl"), 204, "no content");
    }

    [Fact]
    public async Task Removing_a_member_tells_the_other_admins_with_pres_acs()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await GroupAsync(alice, 0, bob, carol);

        FrameAssert.Ctrl(await alice.DelAsync(topic, new JsonObject { ["what"] = "sub", ["user"] = bob.UserId }), 200, "ok");

        var pres = await carol.ExpectFrameAsync("pres", p => p.Str("what") == "acs" && p.Str("src") == bob.UserId
            && p.GetProperty("dacs").Str("given") == "N", "pres acs N for bob");
        Assert.Equal("N", pres.GetProperty("dacs").Str("want"));
    }

    [Fact]
    public async Task Removing_needs_a_member_a_user_and_not_oneself()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, 0);

        FrameAssert.Ctrl(await alice.DelAsync(topic, new JsonObject { ["what"] = "sub", ["user"] = bob.UserId }), 304, "no action");
        FrameAssert.Ctrl(await alice.DelAsync(topic, new JsonObject { ["what"] = "sub", ["user"] = alice.UserId }), 403, "permission denied");
        FrameAssert.Ctrl(await alice.DelAsync(topic, new JsonObject { ["what"] = "sub" }), 400, "malformed");
    }

    [Fact]
    public async Task A_removed_member_may_join_again_with_the_mode_it_had()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, 0, bob);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRPS"), 200, "ok");
        FrameAssert.Ctrl(await alice.DelAsync(topic, new JsonObject { ["what"] = "sub", ["user"] = bob.UserId }), 200, "ok");

        var again = await bob.SubAsync(topic);

        FrameAssert.Ctrl(again, 200, "ok");
        Assert.Equal("JRPS", again.GetProperty("params").GetProperty("acs").Str("given"));
    }

    [Fact]
    public async Task The_owner_deleting_the_topic_sends_pres_gone_to_every_member_online()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var alicePhone = await broker.SessionOfAsync(alice);
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await GroupAsync(alice, 2, bob, carol);
        await carol.LeaveAsync(topic);
        await bob.SubAsync("me");
        await carol.SubAsync("me");
        await alicePhone.SubAsync("me");

        var ctrl = await alice.DelAsync(topic, new JsonObject { ["what"] = "topic", ["hard"] = true });

        FrameAssert.Ctrl(ctrl, 200, "ok");
        await bob.ExpectPresAsync("me", "gone", topic);
        await carol.ExpectPresAsync("me", "gone", topic);
        await alicePhone.ExpectPresAsync("me", "gone", topic);
        // Attached sessions are detached silently.
        bob.AssertNotReceived("ctrl", c => c.Long("code") == 205, "eviction on topic delete");
        FrameAssert.Ctrl((await bob.GetAsync(topic, "desc")).GetProperty("ctrl"), 404, "topic not found");
        FrameAssert.Ctrl(await bob.PublishAsync(topic, "x"), 409, "must attach first");
        FrameAssert.Ctrl(await alice.SubAsync(topic), 404, "topic not found");
        FrameAssert.Ctrl((await bob.GetAsync("me", "sub")).GetProperty("ctrl"), 204, "no content");
    }

    [Fact]
    public async Task Deleting_a_topic_not_subscribed_is_304_no_action()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var mallory = await broker.UserAsync("mallory");
        var topic = await GroupAsync(alice, 0);

        FrameAssert.Ctrl(await mallory.DelAsync(topic, new JsonObject { ["what"] = "topic" }), 304, "no action");
        FrameAssert.Ctrl(await mallory.DelAsync("grpCAcGBQQDAgE", new JsonObject { ["what"] = "topic" }), 404, "topic not found");
    }

    [Fact]
    public async Task A_member_deleting_the_topic_leaves_it_and_its_me_gets_pres_gone()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var bobPhone = await broker.SessionOfAsync(bob);
        var topic = await GroupAsync(alice, 1, bob);
        await bobPhone.SubAsync("me");

        FrameAssert.Ctrl(await bob.DelAsync(topic, new JsonObject { ["what"] = "topic" }), 200, "ok");

        await bobPhone.ExpectPresAsync("me", "gone", topic);
        Assert.Equal(1, (await alice.GetDescAsync(topic)).Long("subcnt"));
        await alice.ExpectPresAsync(topic, "off", bob.UserId);
    }

    [Fact]
    public async Task Deleting_a_p2p_topic_is_leaving_it()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync(bob.UserId!);
        await bob.SubAsync(alice.UserId!);

        FrameAssert.Ctrl(await alice.DelAsync(bob.UserId!, new JsonObject { ["what"] = "topic" }), 200, "ok");

        FrameAssert.Ctrl((await alice.GetAsync("me", "sub")).GetProperty("ctrl"), 204, "no content");
        var bobsSubs = await bob.GetSubsAsync("me");
        Assert.Equal(alice.UserId, Assert.Single(bobsSubs.EnumerateArray()).Str("topic"));
    }

    [Fact]
    public async Task Del_cred_is_not_supported_on_topics()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await GroupAsync(alice, 0);

        FrameAssert.Ctrl(await alice.DelAsync(topic, new JsonObject { ["what"] = "cred", ["cred"] = new JsonObject { ["meth"] = "email", ["val"] = "a@b.c" } }), 403, "permission denied");
        FrameAssert.Ctrl(await alice.DelAsync("me", new JsonObject { ["what"] = "msg" }), 403, "permission denied");
    }
}
