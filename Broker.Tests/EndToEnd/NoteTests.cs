using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary><c>{note}</c>: typing notifications and read/recv markers, relayed as <c>{info}</c>.</summary>
public sealed class NoteTests
{
    /// <summary>alice owns a group with <paramref name="messages"/> messages; bob is a member; both attached.</summary>
    private static async Task<string> GroupAsync(TestClient alice, TestClient bob, int messages)
    {
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        for (var i = 1; i <= messages; i++)
        {
            await alice.PubAsync(topic, "m" + i, noEcho: true);
            await bob.ExpectDataAsync(topic, i);
        }

        return topic;
    }

    [Fact]
    public async Task Kp_is_relayed_as_info_to_the_others_attached_but_not_to_the_senders_sessions()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var alicePhone = await broker.SessionOfAsync(alice);
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await GroupAsync(alice, bob, 0);
        await alicePhone.SubAsync(topic);
        await carol.SubAsync(topic);
        await carol.LeaveAsync(topic);

        await alice.NoteAsync(topic, "kp");

        var info = await bob.ExpectInfoAsync(topic, "kp");
        Assert.Equal(alice.UserId, info.Str("from"));
        Assert.False(info.Has("seq"));
        Assert.False(info.Has("src"));
        await alicePhone.AssertNoInfoAsync(topic, topic, "kp");
        await alice.AssertNoInfoAsync(topic, topic, "kp");
        await carol.AssertNoInfoAsync(topic, topic, "kp");
    }

    [Theory]
    [InlineData("kpa")]
    [InlineData("kpv")]
    public async Task Recording_notes_are_relayed_like_kp(string what)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob, 0);

        await alice.NoteAsync(topic, what);

        Assert.Equal(alice.UserId, (await bob.ExpectInfoAsync(topic, what)).Str("from"));
    }

    [Fact]
    public async Task Invalid_notes_are_dropped_silently()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob, 1);

        await alice.NoteAsync(topic, "kp", 1);
        await alice.NoteAsync(topic, "read");
        await alice.NoteAsync(topic, "dance", 1);
        await alice.SendRawAsync($"{{\"note\":{{\"topic\":\"{topic}\"}}}}");

        await alice.BarrierAsync(topic);
        alice.AssertNotReceived("ctrl", _ => true, "a reply to a note");
        await bob.AssertNoFrameAsync(topic, "info", _ => true, "any info");
    }

    [Fact]
    public async Task Recv_and_read_are_stored_and_relayed_to_the_other_members()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob, 3);

        await bob.NoteAsync(topic, "recv", 2);
        var recv = await alice.ExpectInfoAsync(topic, "recv");
        var afterRecv = await bob.GetDescAsync(topic);
        await bob.NoteAsync(topic, "read", 3);
        var read = await alice.ExpectInfoAsync(topic, "read");
        var afterRead = await bob.GetDescAsync(topic);

        Assert.Equal(bob.UserId, recv.Str("from"));
        Assert.Equal(2, recv.Long("seq"));
        Assert.Equal(0, afterRecv.Long("read"));
        Assert.Equal(2, afterRecv.Long("recv"));
        Assert.Equal(bob.UserId, read.Str("from"));
        Assert.Equal(3, read.Long("seq"));
        Assert.Equal(3, afterRead.Long("read"));
        Assert.Equal(3, afterRead.Long("recv"));
        Assert.Equal(3, afterRead.Long("seq"));

        // The owner sees bob's markers in the member list.
        var bobSub = (await alice.GetSubsAsync(topic)).EnumerateArray().Single(s => s.Str("user") == bob.UserId);
        Assert.Equal(3, bobSub.Long("read"));
        Assert.Equal(3, bobSub.Long("recv"));
    }

    [Fact]
    public async Task Markers_keep_read_le_recv_le_seq_and_ignore_stale_or_future_values()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob, 3);

        await bob.NoteAsync(topic, "read", 2);
        await alice.ExpectInfoAsync(topic, "read");
        await bob.NoteAsync(topic, "read", 9);
        await bob.NoteAsync(topic, "recv", 9);
        await bob.NoteAsync(topic, "read", 1);
        await bob.NoteAsync(topic, "recv", 1);

        var desc = await bob.GetDescAsync(topic);
        Assert.Equal(2, desc.Long("read"));
        Assert.Equal(2, desc.Long("recv"));
        await alice.AssertNoFrameAsync(topic, "info", i => i.Str("what") is "read" or "recv", "info for an ignored marker");
    }

    [Fact]
    public async Task Markers_are_listed_in_the_subscriptions_of_me()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob, 3);

        await bob.NoteAsync(topic, "recv", 3);
        await bob.NoteAsync(topic, "read", 2);
        await bob.BarrierAsync(topic);

        var sub = Assert.Single((await bob.GetSubsAsync("me")).EnumerateArray());
        Assert.Equal(2, sub.Long("read"));
        Assert.Equal(3, sub.Long("recv"));
        Assert.Equal(3, sub.Long("seq"));
    }

    [Fact]
    public async Task Read_tells_the_users_other_sessions_on_me_with_pres_read()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var bobPhone = await broker.SessionOfAsync(bob);
        var topic = await GroupAsync(alice, bob, 2);
        await bobPhone.SubAsync("me");

        await bob.NoteAsync(topic, "read", 2);

        var pres = await bobPhone.ExpectPresAsync("me", "read", topic);
        Assert.Equal(2, pres.Long("seq"));
        await bobPhone.AssertNoInfoAsync(topic, topic, "read");
    }

    [Fact]
    public async Task The_users_other_session_attached_to_the_topic_gets_the_info()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var bobPhone = await broker.SessionOfAsync(bob);
        var topic = await GroupAsync(alice, bob, 2);
        await bobPhone.SubAsync(topic);

        await bob.NoteAsync(topic, "read", 2);

        var info = await bobPhone.ExpectInfoAsync(topic, "read");
        Assert.Equal(bob.UserId, info.Str("from"));
        await bob.AssertNoInfoAsync(topic, topic, "read");
    }

    [Fact]
    public async Task Members_online_but_not_attached_get_kp_and_read_as_info_on_me()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var alicePhone = await broker.SessionOfAsync(alice);
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await GroupAsync(alice, bob, 2);
        await carol.SubAsync(topic);
        await carol.LeaveAsync(topic);
        await carol.SubAsync("me");
        await alicePhone.SubAsync("me");

        await alice.NoteAsync(topic, "kp");
        var kp = await carol.ExpectFrameAsync("info", i => i.Str("topic") == "me" && i.Str("what") == "kp", "info kp on me");
        await bob.NoteAsync(topic, "read", 2);
        var read = await carol.ExpectFrameAsync("info", i => i.Str("topic") == "me" && i.Str("what") == "read", "info read on me");

        Assert.Equal(topic, kp.Str("src"));
        Assert.Equal(alice.UserId, kp.Str("from"));
        Assert.Equal(topic, read.Str("src"));
        Assert.Equal(bob.UserId, read.Str("from"));
        Assert.Equal(2, read.Long("seq"));
        // The sender's own sessions are not told about their own typing.
        await alicePhone.AssertNoFrameAsync(topic, "info", i => i.Str("what") == "kp", "own kp on me");
    }

    [Fact]
    public async Task In_a_p2p_topic_info_on_me_is_named_by_the_sender()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync(bob.UserId!);
        await bob.SubAsync("me");

        await alice.NoteAsync(bob.UserId!, "kp");

        var info = await bob.ExpectFrameAsync("info", i => i.Str("topic") == "me" && i.Str("what") == "kp", "info kp on me");
        Assert.Equal(alice.UserId, info.Str("src"));
        Assert.Equal(alice.UserId, info.Str("from"));
    }

    [Fact]
    public async Task A_note_on_a_topic_not_attached_is_409_must_attach_first()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob, 1);
        await bob.LeaveAsync(topic);

        await bob.NoteAsync(topic, "read", 1);

        var ctrl = await bob.ExpectCtrlAsync(c => c.Long("code") == 409, "409 for a note");
        FrameAssert.Ctrl(ctrl, 409, "must attach first");
        Assert.Equal(topic, ctrl.Str("topic"));
        Assert.False(ctrl.Has("id"));
    }

    [Fact]
    public async Task Read_in_a_p2p_topic_is_relayed_named_by_the_reader()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync(bob.UserId!);
        await bob.SubAsync(alice.UserId!);
        var seq = await alice.PubAsync(bob.UserId!, "hi", noEcho: true);
        await bob.ExpectDataAsync(alice.UserId!, seq);

        await bob.NoteAsync(alice.UserId!, "read", seq);

        var info = await alice.ExpectInfoAsync(bob.UserId!, "read");
        Assert.Equal(bob.UserId, info.Str("from"));
        Assert.Equal(seq, info.Long("seq"));
    }

    [Fact]
    public async Task Without_R_read_notes_are_ignored()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await GroupAsync(alice, bob, 2);
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JWPS"), 200, "ok");

        await bob.NoteAsync(topic, "read", 2);

        await alice.AssertNoInfoAsync(topic, topic, "read");
        var bobSub = (await alice.GetSubsAsync(topic)).EnumerateArray().Single(s => s.Str("user") == bob.UserId);
        Assert.False(bobSub.Has("read"));
    }
}
