using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Identity;

/// <summary>Blocking in p2p as Tinode does it: dropping J and P from one's own want, or taking W and P from the peer.</summary>
public sealed class P2PBlockingTests
{
    private static async Task<(TestClient Alice, TestClient Bob)> PairAsync(TestBroker broker)
    {
        var alice = await broker.UserAsync("alice");
        var bob = await broker.UserAsync("bob");
        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
        FrameAssert.Ctrl(await bob.SubAsync(alice.UserId!), 200, "ok");
        return (alice, bob);
    }

    [Fact]
    public async Task Dropping_J_and_P_from_own_want_stops_delivery_and_presence_to_the_blocker_and_unblock_restores_them()
    {
        await using var broker = await TestBroker.StartAsync();
        var (alice, bob) = await PairAsync(broker);
        await using var _ = alice;
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");

        // The web app's "Block": the blocker's own want loses J and P; its sessions leave the topic.
        var block = await alice.SetSubAsync(bob.UserId!, null, "RWA");
        FrameAssert.Ctrl(block, 200, "ok");
        Assert.Equal("RWA", block.GetProperty("params").GetProperty("acs").Str("want"));
        await alice.ExpectCtrlAsync(c => c.GetProperty("code").GetInt32() == 205 && c.Str("topic") == bob.UserId, "evicted from the blocked p2p topic");

        await bob.PublishAsync(alice.UserId!, "are you there?");
        await alice.BarrierAsync(bob.UserId!);
        alice.AssertNotReceived("data", d => d.Str("topic") == bob.UserId, "a message from the blocked peer");
        alice.AssertNotReceived("pres", p => p.Str("what") == "msg" && p.Str("src") == bob.UserId, "a message notification from the blocked peer");

        // Bob comes online again: the blocker is not told.
        await bob.DisposeAsync();
        await using var bobAgain = await broker.ConnectAsync();
        await bobAgain.HiAsync();
        FrameAssert.Ctrl(await bobAgain.LoginAsync("bob"), 200, "ok");
        FrameAssert.Ctrl(await bobAgain.SubAsync(alice.UserId!), 200, "ok");
        FrameAssert.Ctrl(await bobAgain.SubAsync("me"), 200, "ok");
        await alice.BarrierAsync("me");
        alice.AssertNotReceived("pres", p => p.Str("what") == "on" && p.Str("src") == bob.UserId, "presence of the blocked peer");

        // Unblock: J and P wanted again; messages and presence flow.
        FrameAssert.Ctrl(await alice.SetSubAsync(bob.UserId!, null, "JRWPA"), 200, "ok");
        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
        var seq = await bobAgain.PubAsync(alice.UserId!, "hello again");
        Assert.Equal("hello again", (await alice.ExpectDataAsync(bob.UserId!, seq)).Str("content"));
        FrameAssert.Ctrl(await bobAgain.LeaveAsync("me"), 200, "ok");
        await alice.ExpectPresAsync("me", "off", bob.UserId);
    }

    [Fact]
    public async Task Taking_W_and_P_from_the_peer_refuses_its_pub_and_hides_presence_until_given_back()
    {
        await using var broker = await TestBroker.StartAsync();
        var (alice, bob) = await PairAsync(broker);
        await using var a = alice;
        await using var b = bob;
        FrameAssert.Ctrl(await bob.SubAsync("me"), 200, "ok");

        var take = await alice.SetSubAsync(bob.UserId!, bob.UserId, "JRA");
        FrameAssert.Ctrl(take, 200, "ok");
        Assert.Equal(bob.UserId, take.GetProperty("params").Str("user"));
        Assert.Equal("JRA", take.GetProperty("params").GetProperty("acs").Str("given"));
        var acs = await bob.ExpectPresAsync("me", "acs", alice.UserId);
        Assert.Equal("-WP", acs.GetProperty("dacs").Str("given"));

        FrameAssert.Ctrl(await bob.PublishAsync(alice.UserId!, "let me in"), 403, "permission denied");
        FrameAssert.Acs((await bob.GetDescAsync(alice.UserId!)).GetProperty("acs"), "JRWPA", "JRA", "JRA");

        // Alice comes online: bob, without P, is not told.
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");
        await bob.BarrierAsync("me");
        bob.AssertNotReceived("pres", p => p.Str("what") == "on" && p.Str("src") == alice.UserId, "presence of the peer who took P");

        // Giving W and P back restores both.
        FrameAssert.Ctrl(await alice.SetSubAsync(bob.UserId!, bob.UserId, "JRWPA"), 200, "ok");
        var seq = await bob.PubAsync(alice.UserId!, "thanks");
        Assert.Equal("thanks", (await alice.ExpectDataAsync(bob.UserId!, seq)).Str("content"));
        FrameAssert.Ctrl(await alice.LeaveAsync("me"), 200, "ok");
        await bob.ExpectPresAsync("me", "off", alice.UserId);
    }

    [Fact]
    public async Task A_mode_given_in_p2p_is_masked_to_p2p_bits_and_keeps_A()
    {
        await using var broker = await TestBroker.StartAsync();
        var (alice, bob) = await PairAsync(broker);
        await using var a = alice;
        await using var b = bob;

        var take = await alice.SetSubAsync(bob.UserId!, bob.UserId, "JRWSO");

        FrameAssert.Ctrl(take, 200, "ok");
        Assert.Equal("JRWA", take.GetProperty("params").GetProperty("acs").Str("given"));
        FrameAssert.Ctrl(await alice.SetSubAsync(bob.UserId!, bob.UserId, "JRWA"), 304, "not modified");
        FrameAssert.Ctrl(await alice.SetAsync(bob.UserId!, new JsonObject { ["sub"] = new JsonObject { ["user"] = bob.UserId } }), 304, "not modified");
    }
}
