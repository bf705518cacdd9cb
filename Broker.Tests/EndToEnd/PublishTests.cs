using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary><c>{pub}</c>: acknowledgement, sequence numbers and fan-out.</summary>
public sealed class PublishTests
{
    [Fact]
    public async Task Publishing_advances_the_senders_own_read_and_recv_markers_only()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);

        await alice.PubAsync(topic, "one");
        var second = await alice.PubAsync(topic, "two");
        await bob.ExpectDataAsync(topic, second);

        var mine = await alice.GetDescAsync(topic);
        var theirs = await bob.GetDescAsync(topic);
        Assert.Equal((second, second), (mine.Long("read"), mine.Long("recv")));
        Assert.Equal((0L, 0L), (theirs.Long("read"), theirs.Long("recv")));
    }

    [Fact]
    public async Task Pub_is_acknowledged_202_with_seq_1_2_3_without_gaps()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync();

        var acks = new List<long?>();
        for (var i = 0; i < 5; i++)
        {
            var ctrl = await alice.PublishAsync(topic, "m" + i, noEcho: true);
            FrameAssert.Ctrl(ctrl, 202, "accepted");
            Assert.Equal(topic, ctrl.Str("topic"));
            acks.Add(ctrl.GetProperty("params").Long("seq"));
        }

        Assert.Equal(new long?[] { 1, 2, 3, 4, 5 }, acks);
        Assert.Equal(5, (await alice.GetDescAsync(topic)).Long("seq"));
    }

    [Fact]
    public async Task A_burst_of_publishes_from_several_members_gets_distinct_consecutive_seqs()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        const int each = 20;

        // Send everything first, then collect the acks: the topic batches them.
        var ids = new List<(TestClient Client, string Id)>();
        for (var i = 0; i < each; i++)
        {
            foreach (var client in new[] { alice, bob })
            {
                var id = client.NextId();
                await client.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = id, ["topic"] = topic, ["content"] = i, ["noecho"] = true } });
                ids.Add((client, id));
            }
        }

        var seqs = new List<long>();
        foreach (var (client, id) in ids)
        {
            var ctrl = await client.CtrlAsync(id);
            FrameAssert.Ctrl(ctrl, 202, "accepted");
            seqs.Add(ctrl.GetProperty("params").Long("seq")!.Value);
        }

        Assert.Equal(Enumerable.Range(1, 2 * each).Select(i => (long)i), seqs.Order());
    }

    [Fact]
    public async Task Data_goes_to_every_attached_session_including_the_publishers_other_devices()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var alicePhone = await broker.SessionOfAsync(alice);
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await alicePhone.SubAsync(topic);
        await bob.SubAsync(topic);

        var seq = await alice.PubAsync(topic, "hello");

        foreach (var client in new[] { alice, alicePhone, bob })
        {
            var data = await client.ExpectDataAsync(topic, seq);
            Assert.Equal(alice.UserId, data.Str("from"));
            Assert.Equal("hello", data.Str("content"));
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", data.Str("ts"));
        }
    }

    [Fact]
    public async Task Noecho_skips_only_the_publishing_session()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var alicePhone = await broker.SessionOfAsync(alice);
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await alicePhone.SubAsync(topic);
        await bob.SubAsync(topic);

        var seq = await alice.PubAsync(topic, "quiet", noEcho: true);

        await alicePhone.ExpectDataAsync(topic, seq);
        await bob.ExpectDataAsync(topic, seq);
        await alice.AssertNoDataAsync(topic, topic);
    }

    [Fact]
    public async Task Pub_without_id_is_not_acknowledged_but_delivered()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync();

        await alice.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["topic"] = topic, ["content"] = "no id" } });
        await alice.ExpectDataAsync(topic, 1);
        var next = await alice.PubAsync(topic, "with id");

        Assert.Equal(2, next);
        alice.AssertNotReceived("ctrl", c => c.Long("code") == 202 && !c.Has("id"), "an ack for a pub without id");
    }

    [Fact]
    public async Task Head_and_structured_content_are_delivered_and_a_client_sender_is_stripped()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);

        await alice.SendAsync(new JsonObject
        {
            ["pub"] = new JsonObject
            {
                ["id"] = "p1",
                ["topic"] = topic,
                ["head"] = new JsonObject { ["mime"] = "text/x-drafty", ["sender"] = "usrFORGED0000" },
                ["content"] = new JsonObject { ["txt"] = "Hello, world!", ["fmt"] = new JsonArray(new JsonObject { ["at"] = 7, ["len"] = 5, ["tp"] = "ST" }) },
            },
        });
        FrameAssert.Ctrl(await alice.CtrlAsync("p1"), 202, "accepted");

        var data = await bob.ExpectDataAsync(topic, 1);
        Assert.Equal("text/x-drafty", data.GetProperty("head").Str("mime"));
        Assert.False(data.GetProperty("head").Has("sender"));
        Assert.Equal("Hello, world!", data.GetProperty("content").Str("txt"));
        Assert.Equal(5, data.GetProperty("content").GetProperty("fmt")[0].Long("len"));
        var (history, _) = await bob.GetDataAsync(topic);
        Assert.Equal("text/x-drafty", Assert.Single(history).GetProperty("head").Str("mime"));
    }

    [Fact]
    public async Task Pub_without_attaching_is_409_must_attach_first()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();

        var notMember = await bob.PublishAsync(topic, "x");
        await bob.SubAsync(topic);
        await bob.LeaveAsync(topic);
        var memberNotAttached = await bob.PublishAsync(topic, "x");
        var unloaded = await bob.PublishAsync("grpCAcGBQQDAgE", "x");

        FrameAssert.Ctrl(notMember, 409, "must attach first");
        Assert.Equal(topic, notMember.Str("topic"));
        FrameAssert.Ctrl(memberNotAttached, 409, "must attach first");
        FrameAssert.Ctrl(unloaded, 409, "must attach first");
        Assert.Equal(0, (await alice.GetDescAsync(topic)).Long("seq"));
    }

    [Fact]
    public async Task Pub_without_W_is_403_after_the_owner_mutes_a_member()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        FrameAssert.Ctrl(await bob.PublishAsync(topic, "before"), 202, "accepted");

        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRPS"), 200, "ok");
        var muted = await bob.PublishAsync(topic, "after");

        FrameAssert.Ctrl(muted, 403, "permission denied");
        Assert.Equal(1, (await alice.GetDescAsync(topic)).Long("seq"));
    }

    [Fact]
    public async Task Pub_to_me_is_403()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await alice.SubAsync("me");

        FrameAssert.Ctrl(await alice.PublishAsync("me", "x"), 403, "permission denied");
    }

    [Fact]
    public async Task Subscribers_not_attached_get_pres_msg_on_me_and_attached_ones_do_not()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        await bob.LeaveAsync(topic);
        await bob.SubAsync("me");
        await carol.SubAsync(topic);
        await carol.SubAsync("me");

        var seq = await alice.PubAsync(topic, "news");

        var pres = await bob.ExpectPresAsync("me", "msg", topic);
        Assert.Equal(seq, pres.Long("seq"));
        Assert.Equal(alice.UserId, pres.Str("act"));
        await carol.ExpectDataAsync(topic, seq);
        await carol.AssertNoPresAsync(topic, "me", "msg", topic);
    }
}
