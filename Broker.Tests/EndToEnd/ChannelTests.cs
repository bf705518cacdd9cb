using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>
/// Channels (Tinode's <c>isChan</c> groups): created as <c>nch…</c>, read as <c>chn…</c> by readers who get the
/// messages without the sender, cannot publish, are not members, not counted and not listed.
/// </summary>
public sealed class ChannelTests
{
    private static async Task<string> CreateChannelAsync(TestClient owner)
    {
        var ctrl = await owner.SubAsync("nchNews", set: new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "News" } } });
        FrameAssert.Ctrl(ctrl, 200, "ok");
        Assert.Equal("nchNews", ctrl.GetProperty("params").Str("tmpname"));
        return ctrl.Str("topic")!;
    }

    private static string ChannelOf(string group) => "chn" + group[3..];

    [Fact]
    public async Task A_reader_subscribes_as_chn_and_gets_every_message_without_the_sender()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var reader = await broker.UserAsync("reader");
        var group = await CreateChannelAsync(alice);
        var channel = ChannelOf(group);

        var sub = await reader.SubAsync(channel);
        var seq = await alice.PubAsync(group, "first post");
        var live = await reader.ExpectDataAsync(channel, seq);
        var (history, _) = await reader.GetDataAsync(channel);
        var desc = await reader.GetDescAsync(channel);
        var ownerDesc = await alice.GetDescAsync(group);

        FrameAssert.Ctrl(sub, 200, "ok");
        Assert.Equal(channel, sub.Str("topic"));
        FrameAssert.Acs(sub.GetProperty("params").GetProperty("acs"), "JRP", "JRP", "JRP");
        Assert.False(live.Has("from"));
        Assert.Equal("first post", live.GetProperty("content").GetString());
        Assert.False(Assert.Single(history).Has("from"));
        Assert.Equal(channel, history[0].Str("topic"));
        Assert.True(desc.GetProperty("chan").GetBoolean());
        Assert.Equal("News", desc.GetProperty("public").Str("fn"));
        Assert.Equal(1, desc.GetProperty("subcnt").GetInt32());
        Assert.True(ownerDesc.GetProperty("chan").GetBoolean());
        Assert.Equal("RWPS", ownerDesc.GetProperty("defacs").Str("auth"));
        Assert.Equal(alice.UserId, (await alice.ExpectDataAsync(group, seq)).Str("from"));
    }

    [Fact]
    public async Task A_readers_other_session_on_me_gets_pres_msg_while_one_of_its_sessions_reads_the_channel()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var reader = await broker.UserAsync("reader");
        await using var phone = await broker.SessionOfAsync(reader);
        await using var absent = await broker.UserAsync("absent");
        var group = await CreateChannelAsync(alice);
        var channel = ChannelOf(group);
        FrameAssert.Ctrl(await reader.SubAsync("me"), 200, "ok");
        FrameAssert.Ctrl(await reader.SubAsync(channel), 200, "ok");
        FrameAssert.Ctrl(await phone.SubAsync("me"), 200, "ok");
        FrameAssert.Ctrl(await absent.SubAsync(channel), 200, "ok");
        FrameAssert.Ctrl(await absent.LeaveAsync(channel), 200, "ok");
        FrameAssert.Ctrl(await absent.SubAsync("me"), 200, "ok");

        var seq = await alice.PubAsync(group, "news");
        var pres = await phone.ExpectPresAsync("me", "msg", channel);
        await reader.ExpectDataAsync(channel, seq);

        Assert.Equal(seq, pres.GetProperty("seq").GetInt32());
        Assert.False(pres.Has("act"));
        // The session reading the channel got the {data}, not the {pres} as well; a reader with no session attached
        // gets nothing (Tinode keeps readers in perUser only while attached).
        await reader.AssertNoPresAsync("me", "me", "msg", channel);
        await absent.AssertNoPresAsync("me", "me", "msg", channel);
    }

    [Fact]
    public async Task Creating_a_channel_answers_the_ctrl_before_the_new_groups_pres_on_on_me()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");

        var group = await CreateChannelAsync(alice);
        var beforeCtrl = alice.Backlog.Where(f => f.TryGetProperty("pres", out _)).ToList();
        var on = await alice.ExpectPresAsync("me", "on", group);

        // As Tinode's subscriptionReply queues them; the web app fails on a {pres on} naming a topic it does not know yet.
        Assert.Empty(beforeCtrl);
        Assert.Equal(group, on.Str("src"));
    }

    [Fact]
    public async Task A_reader_cannot_publish_delete_or_manage_and_is_not_listed_to_others()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var reader = await broker.UserAsync("reader");
        await using var other = await broker.UserAsync("other");
        var group = await CreateChannelAsync(alice);
        var channel = ChannelOf(group);
        FrameAssert.Ctrl(await reader.SubAsync(channel), 200, "ok");
        FrameAssert.Ctrl(await other.SubAsync(channel), 200, "ok");

        var pub = await reader.PublishAsync(channel, "spam");
        var del = await reader.DelMsgAsync(channel, hard: true, 1);
        var invite = await reader.SetSubAsync(channel, alice.UserId, "JRWP");
        var ownSubs = await reader.GetSubsAsync(channel);
        var members = await alice.GetSubsAsync(group);

        FrameAssert.Ctrl(pub, 403, "permission denied");
        FrameAssert.Ctrl(del, 405, "operation or method not allowed");
        FrameAssert.Ctrl(invite, 403, "permission denied");
        Assert.Equal(reader.UserId, Assert.Single(ownSubs.EnumerateArray()).Str("user"));
        Assert.Equal(alice.UserId, Assert.Single(members.EnumerateArray()).Str("user"));
        // Readers trigger no presence in the channel.
        await alice.AssertNoPresAsync(group, group, "on", reader.UserId);
    }

    [Fact]
    public async Task Members_use_grp_chn_of_a_plain_group_is_not_found_and_readers_do_not_count_against_the_limit()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxSubscriberCount=2");
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        await using var dave = await broker.UserAsync("dave");
        var group = await CreateChannelAsync(alice);
        var plain = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await alice.SetSubAsync(group, bob.UserId, "JRWPS"), 200, "ok");
        FrameAssert.Ctrl(await bob.SubAsync(group), 200, "ok");

        var asMember = await alice.GetAsync(ChannelOf(group), "desc");
        var notChannel = await carol.SubAsync(ChannelOf(plain));
        var readerOne = await carol.SubAsync(ChannelOf(group));
        var readerTwo = await dave.SubAsync(ChannelOf(group));
        var tooMany = await alice.SetSubAsync(group, dave.UserId, "JRWPS");

        var redirect = asMember.GetProperty("ctrl");
        FrameAssert.Ctrl(redirect, 303, "use other");
        Assert.Equal(group, redirect.GetProperty("params").Str("topic"));
        FrameAssert.Ctrl(notChannel, 404, "not found");
        FrameAssert.Ctrl(readerOne, 200, "ok");
        FrameAssert.Ctrl(readerTwo, 200, "ok");
        FrameAssert.Ctrl(tooMany, 422, "policy violation");
    }

    [Fact]
    public async Task A_readers_channel_is_in_its_me_list_as_chn_until_it_unsubscribes()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var reader = await broker.UserAsync("reader");
        var group = await CreateChannelAsync(alice);
        var channel = ChannelOf(group);
        FrameAssert.Ctrl(await reader.SubAsync("me"), 200, "ok");
        FrameAssert.Ctrl(await reader.SubAsync(channel), 200, "ok");
        FrameAssert.Ctrl(await reader.SetAsync(channel, new JsonObject { ["desc"] = new JsonObject { ["private"] = "mine" } }), 200, "ok");

        var listed = Assert.Single((await reader.GetSubsAsync("me")).EnumerateArray());
        var leave = await reader.LeaveAsync(channel, unsub: true);
        var after = await reader.GetAsync("me", "sub");
        var again = await reader.SubAsync(channel);

        Assert.Equal(channel, listed.Str("topic"));
        Assert.Equal("News", listed.GetProperty("public").Str("fn"));
        Assert.Equal("mine", listed.GetProperty("private").GetString());
        FrameAssert.Ctrl(leave, 200, "ok");
        FrameAssert.Ctrl(after.GetProperty("ctrl"), 204, "no content");
        FrameAssert.Ctrl(again, 200, "ok");
    }
}
