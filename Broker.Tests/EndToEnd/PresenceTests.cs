using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary><c>{pres}</c>: online/offline between p2p contacts, new messages, access changes and updates.</summary>
public sealed class PresenceTests
{
    /// <summary>alice and bob with a p2p topic both subscribed to (both get presence of each other).</summary>
    private static async Task ContactsAsync(TestClient alice, TestClient bob)
    {
        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
        FrameAssert.Ctrl(await alice.LeaveAsync(bob.UserId!), 200, "ok");
    }

    [Fact]
    public async Task A_contact_coming_online_and_going_offline_is_announced_on_me()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await ContactsAsync(alice, bob);
        await bob.SubAsync("me");

        await alice.SubAsync("me");
        var on = await bob.ExpectPresAsync("me", "on", alice.UserId);
        await alice.LeaveAsync("me");
        var off = await bob.ExpectPresAsync("me", "off", alice.UserId);

        Assert.Equal("TestClient/1.0", on.Str("ua"));
        Assert.False(on.Has("act"));
        Assert.Equal("TestClient/1.0", off.Str("ua"));
    }

    [Fact]
    public async Task Only_the_first_session_on_me_makes_a_user_online_and_only_the_last_offline()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var alicePhone = await broker.SessionOfAsync(alice);
        await using var bob = await broker.UserAsync("bob");
        await ContactsAsync(alice, bob);
        await bob.SubAsync("me");

        await alice.SubAsync("me");
        await bob.ExpectPresAsync("me", "on", alice.UserId);
        await alicePhone.SubAsync("me");
        await alice.LeaveAsync("me");
        await alicePhone.LeaveAsync("me");
        await bob.ExpectPresAsync("me", "off", alice.UserId);

        // alice's me topic sent these in order: anything between "on" and "off" is already here.
        bob.AssertNotReceived("pres", p => p.Str("src") == alice.UserId && p.Str("what") is "on" or "off", "a second on/off");
    }

    [Fact]
    public async Task Disconnecting_the_last_session_makes_the_user_offline()
    {
        await using var broker = await TestBroker.StartAsync();
        var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await ContactsAsync(alice, bob);
        await bob.SubAsync("me");
        await alice.SubAsync("me");
        await bob.ExpectPresAsync("me", "on", alice.UserId);

        await alice.DisposeAsync();

        await bob.ExpectPresAsync("me", "off", alice.UserId);
        var contact = Assert.Single((await bob.GetSubsAsync("me")).EnumerateArray());
        Assert.False(contact.GetProperty("online").GetBoolean());
        Assert.True(contact.GetProperty("seen").Has("when"));
        Assert.Equal("TestClient/1.0", contact.GetProperty("seen").Str("ua"));
    }

    [Fact]
    public async Task Coming_online_tells_the_new_session_which_contacts_are_online()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        await ContactsAsync(alice, bob);
        await ContactsAsync(carol, bob);
        await alice.SubAsync("me");

        await bob.SubAsync("me");

        var on = await bob.ExpectPresAsync("me", "on", alice.UserId);
        Assert.Equal("TestClient/1.0", on.Str("ua"));
        // carol is offline: nothing about her.
        await bob.AssertNoPresAsync("me", "me", "on", carol.UserId);
    }

    [Fact]
    public async Task A_contact_without_P_gets_no_online_presence()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await ContactsAsync(alice, bob);
        FrameAssert.Ctrl(await bob.SubAsync(alice.UserId!, set: new JsonObject { ["sub"] = new JsonObject { ["mode"] = "JRW" } }), 200, "ok");
        await bob.SubAsync("me");
        await using var aliceAgain = await broker.SessionOfAsync(alice);

        await aliceAgain.SubAsync("me");
        await aliceAgain.LeaveAsync("me");

        // alice's me topic announces before it answers, so by now anything for bob is queued ahead of bob's reply.
        await bob.AssertNoPresAsync("me", "me", "on", alice.UserId);
        bob.AssertNotReceived("pres", p => p.Str("what") == "off", "off without P");
    }

    [Fact]
    public async Task Members_attached_to_a_group_see_others_come_and_go()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();

        await bob.SubAsync(topic);
        var on = await alice.ExpectPresAsync(topic, "on", bob.UserId);
        await bob.LeaveAsync(topic);
        var off = await alice.ExpectPresAsync(topic, "off", bob.UserId);

        Assert.False(on.Has("ua"));
        Assert.Equal(topic, off.Str("topic"));
        await bob.AssertNoPresAsync(topic, topic, "on", alice.UserId);
    }

    [Fact]
    public async Task A_second_session_of_an_attached_member_sends_no_second_on()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var bobPhone = await broker.SessionOfAsync(bob);
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        await alice.ExpectPresAsync(topic, "on", bob.UserId);

        await bobPhone.SubAsync(topic);
        await bob.LeaveAsync(topic);

        await alice.AssertNoPresAsync(topic, topic, "on", bob.UserId);
        alice.AssertNotReceived("pres", p => p.Str("what") == "off", "off while bob's phone is attached");
        await bobPhone.LeaveAsync(topic);
        await alice.ExpectPresAsync(topic, "off", bob.UserId);
    }

    [Fact]
    public async Task A_new_message_sends_pres_msg_on_me_to_members_not_attached()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        await bob.LeaveAsync(topic);
        await bob.SubAsync("me");

        var seq = await alice.PubAsync(topic, "ping");

        var pres = await bob.ExpectPresAsync("me", "msg", topic);
        Assert.Equal(seq, pres.Long("seq"));
        Assert.Equal(alice.UserId, pres.Str("act"));
    }

    [Fact]
    public async Task A_muted_member_gets_no_pres_msg()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic, set: new JsonObject { ["sub"] = new JsonObject { ["mode"] = "JRWS" } });
        await bob.LeaveAsync(topic);
        await bob.SubAsync("me");

        await alice.PubAsync(topic, "ping");

        await bob.AssertNoPresAsync(topic, "me", "msg", topic);
    }

    [Fact]
    public async Task Changing_a_groups_public_sends_pres_upd_on_me_to_members()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        await bob.SubAsync("me");

        FrameAssert.Ctrl(await alice.SetAsync(topic, new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "Renamed" } } }), 200, "ok");

        await bob.ExpectPresAsync("me", "upd", topic);
        Assert.Equal("Renamed", (await bob.GetDescAsync(topic)).GetProperty("public").Str("fn"));
    }

    [Fact]
    public async Task Changing_only_private_sends_no_pres_upd_to_others()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        await bob.SubAsync(topic);
        await bob.SubAsync("me");

        FrameAssert.Ctrl(await alice.SetAsync(topic, new JsonObject { ["desc"] = new JsonObject { ["private"] = "note to self" } }), 200, "ok");

        await bob.AssertNoPresAsync(topic, "me", "upd", topic);
    }
}
