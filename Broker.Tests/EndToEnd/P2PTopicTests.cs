using System.Text.Json.Nodes;
using Broker.Protocol.Names;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>Peer-to-peer topics: each side names the topic by the other's <c>usr…</c> id.</summary>
public sealed class P2PTopicTests
{
    private static string P2PName(string a, string b)
    {
        Assert.True(UserId.TryParse(a, out var first));
        Assert.True(UserId.TryParse(b, out var second));
        return TopicNames.P2PName(first, second);
    }

    [Fact]
    public async Task Sub_to_a_user_creates_the_p2p_topic_named_by_the_peer()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");

        var created = await alice.SubAsync(bob.UserId!);
        var joined = await bob.SubAsync(alice.UserId!);

        FrameAssert.Ctrl(created, 200, "ok");
        Assert.Equal(bob.UserId, created.Str("topic"));
        FrameAssert.Acs(created.GetProperty("params").GetProperty("acs"), "JRWPA", "JRWPA", "JRWPA");
        Assert.False(created.GetProperty("params").Has("tmpname"));
        FrameAssert.Ctrl(joined, 200, "ok");
        Assert.Equal(alice.UserId, joined.Str("topic"));
    }

    [Fact]
    public async Task Each_side_sees_the_peer_as_topic_in_data_meta_and_info()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync(bob.UserId!);
        await bob.SubAsync(alice.UserId!);

        var seq = await alice.PubAsync(bob.UserId!, "hello bob");
        var atBob = await bob.ExpectDataAsync(alice.UserId!, seq);
        var echo = await alice.ExpectDataAsync(bob.UserId!, seq);
        await bob.NoteAsync(alice.UserId!, "kp");
        var info = await alice.ExpectInfoAsync(bob.UserId!, "kp");
        var aliceDesc = await alice.GetAsync(bob.UserId!, "desc");
        var bobDesc = await bob.GetAsync(alice.UserId!, "desc");

        Assert.Equal(alice.UserId, atBob.Str("from"));
        Assert.Equal("hello bob", atBob.Str("content"));
        Assert.Equal(alice.UserId, echo.Str("from"));
        Assert.Equal(bob.UserId, info.Str("from"));
        Assert.Equal(bob.UserId, aliceDesc.GetProperty("meta").Str("topic"));
        Assert.Equal("bob", aliceDesc.GetProperty("meta").GetProperty("desc").GetProperty("public").Str("fn"));
        Assert.Equal(alice.UserId, bobDesc.GetProperty("meta").Str("topic"));
        Assert.Equal("alice", bobDesc.GetProperty("meta").GetProperty("desc").GetProperty("public").Str("fn"));
        Assert.Equal(1, bobDesc.GetProperty("meta").GetProperty("desc").Long("seq"));
    }

    [Fact]
    public async Task History_in_a_p2p_topic_is_named_by_the_peer()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync(bob.UserId!);
        await alice.PubAsync(bob.UserId!, "one", noEcho: true);
        await bob.SubAsync(alice.UserId!);

        var (frames, ctrl) = await bob.GetDataAsync(alice.UserId!);

        FrameAssert.Ctrl(ctrl, 208, "delivered");
        Assert.Equal(alice.UserId, ctrl.Str("topic"));
        var data = Assert.Single(frames);
        Assert.Equal(alice.UserId, data.Str("topic"));
        Assert.Equal(alice.UserId, data.Str("from"));
    }

    [Fact]
    public async Task The_peer_gets_pres_msg_on_me_named_by_the_sender()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await bob.SubAsync("me");
        await alice.SubAsync(bob.UserId!);

        var seq = await alice.PubAsync(bob.UserId!, "are you there?");

        var pres = await bob.ExpectPresAsync("me", "msg", alice.UserId);
        Assert.Equal(seq, pres.Long("seq"));
        Assert.Equal(alice.UserId, pres.Str("act"));
    }

    [Fact]
    public async Task The_p2p_name_itself_is_accepted_and_answered_with_the_peers_id()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync(bob.UserId!);

        var ctrl = await bob.SubAsync(P2PName(alice.UserId!, bob.UserId!));

        FrameAssert.Ctrl(ctrl, 200, "ok");
        Assert.Equal(alice.UserId, ctrl.Str("topic"));
    }

    [Fact]
    public async Task A_third_user_cannot_name_someone_elses_p2p_topic()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var mallory = await broker.UserAsync("mallory");
        await alice.SubAsync(bob.UserId!);
        var p2p = P2PName(alice.UserId!, bob.UserId!);

        FrameAssert.Ctrl(await mallory.SubAsync(p2p), 404, "topic not found");
        FrameAssert.Ctrl((await mallory.GetAsync(p2p, "desc data")).GetProperty("ctrl"), 404, "topic not found");
        FrameAssert.Ctrl(await mallory.PublishAsync(p2p, "let me in"), 404, "topic not found");
        FrameAssert.Ctrl(await mallory.SetAsync(p2p, new JsonObject { ["desc"] = new JsonObject { ["private"] = "x" } }), 404, "topic not found");
        FrameAssert.Ctrl(await mallory.DelAsync(p2p, new JsonObject { ["what"] = "topic" }), 404, "topic not found");
        await mallory.NoteAsync(p2p, "kp");
        await alice.AssertNoInfoAsync(bob.UserId!, bob.UserId!, "kp");
    }

    [Fact]
    public async Task Sub_to_yourself_is_403()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        var ctrl = await alice.SubAsync(alice.UserId!);

        FrameAssert.Ctrl(ctrl, 403, "permission denied");
        Assert.Equal(alice.UserId, ctrl.Str("topic"));
    }

    [Fact]
    public async Task Sub_to_an_unknown_user_is_404_user_not_found()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        var ctrl = await alice.SubAsync("usrCAcGBQQDAgE");

        FrameAssert.Ctrl(ctrl, 404, "user not found");
        Assert.Equal("usrCAcGBQQDAgE", ctrl.Str("topic"));
    }

    [Fact]
    public async Task Someone_opening_a_chat_with_you_sends_pres_acs_on_your_me()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await bob.SubAsync("me");

        await alice.SubAsync(bob.UserId!);

        var pres = await bob.ExpectPresAsync("me", "acs", alice.UserId);
        var dacs = pres.GetProperty("dacs");
        Assert.Equal("JRWPA", dacs.Str("want"));
        Assert.Equal("JRWPA", dacs.Str("given"));
        Assert.False(dacs.Has("mode"));
        Assert.Equal(alice.UserId, pres.Str("act"));
    }

    [Fact]
    public async Task The_peer_sees_the_new_chat_in_its_subscriptions_before_joining()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync(bob.UserId!);

        var subs = await bob.GetSubsAsync("me");

        var sub = Assert.Single(subs.EnumerateArray());
        Assert.Equal(alice.UserId, sub.Str("topic"));
        Assert.Equal("alice", sub.GetProperty("public").Str("fn"));
        FrameAssert.Acs(sub.GetProperty("acs"), "JRWPA", "JRWPA", "JRWPA");
    }

    [Fact]
    public async Task Only_private_can_be_set_in_a_p2p_topic()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync(bob.UserId!);

        var pub = await alice.SetAsync(bob.UserId!, new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "x" } } });
        var defacs = await alice.SetAsync(bob.UserId!, new JsonObject { ["desc"] = new JsonObject { ["defacs"] = new JsonObject { ["auth"] = "JRWP" } } });
        var priv = await alice.SetAsync(bob.UserId!, new JsonObject { ["desc"] = new JsonObject { ["private"] = new JsonObject { ["comment"] = "my friend" } } });
        var tags = await alice.SetAsync(bob.UserId!, new JsonObject { ["tags"] = new JsonArray("abc") });

        FrameAssert.Ctrl(pub, 403, "permission denied");
        FrameAssert.Ctrl(defacs, 403, "permission denied");
        FrameAssert.Ctrl(priv, 200, "ok");
        FrameAssert.Ctrl(tags, 405, "operation or method not allowed");
        Assert.Equal("my friend", (await alice.GetDescAsync(bob.UserId!)).GetProperty("private").Str("comment"));
    }

    [Fact]
    public async Task Members_of_a_p2p_topic_cannot_be_removed_and_outsiders_cannot_be_given_access()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        await alice.SubAsync(bob.UserId!);

        FrameAssert.Ctrl(await alice.SetSubAsync(bob.UserId!, carol.UserId, "JR"), 403, "permission denied");
        FrameAssert.Ctrl(await alice.DelAsync(bob.UserId!, new JsonObject { ["what"] = "sub", ["user"] = bob.UserId }), 403, "permission denied");
    }

    [Fact]
    public async Task When_both_sides_unsubscribe_the_p2p_topic_is_gone_and_can_be_created_again()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync(bob.UserId!);
        await alice.PubAsync(bob.UserId!, "old", noEcho: true);
        await bob.SubAsync(alice.UserId!);

        FrameAssert.Ctrl(await alice.LeaveAsync(bob.UserId!, unsub: true), 200, "ok");
        FrameAssert.Ctrl(await bob.LeaveAsync(alice.UserId!, unsub: true), 200, "ok");

        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
        var (frames, ctrl) = await alice.GetDataAsync(bob.UserId!);
        Assert.Empty(frames);
        FrameAssert.Ctrl(ctrl, 204, "no content");
    }
}
