using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>
/// The <c>{pres}</c> that keeps contact lists fresh, as Tinode sends it: a user's changed profile (<c>upd</c>) and
/// user agent (<c>ua</c>) to contacts and groups, and a group going online and offline on its members' <c>me</c>.
/// </summary>
public sealed class ProfilePresenceTests
{
    private static JsonObject PublicDesc(string fn) => new() { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = fn } } };

    /// <summary>alice and bob with a p2p topic both subscribed to.</summary>
    private static async Task ContactsAsync(TestClient alice, TestClient bob)
    {
        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
        FrameAssert.Ctrl(await bob.SubAsync(alice.UserId!), 200, "ok");
    }

    [Fact]
    public async Task A_changed_name_reaches_online_contacts_on_me_and_members_attached_to_a_group()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        await ContactsAsync(alice, bob);
        var group = await carol.CreateGroupAsync();
        FrameAssert.Ctrl(await alice.SubAsync(group), 200, "ok");
        FrameAssert.Ctrl(await bob.SubAsync("me"), 200, "ok");
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");

        FrameAssert.Ctrl(await alice.SetAsync("me", PublicDesc("Alice Liddell")), 200, "ok");
        await bob.ExpectPresAsync("me", "upd", alice.UserId);
        var inGroup = await carol.ExpectPresAsync(group, "upd", alice.UserId);
        // The p2p topic bob is attached to shows the new name at once.
        var desc = await bob.GetDescAsync(alice.UserId!);
        var member = (await carol.GetSubsAsync(group)).EnumerateArray().Single(s => s.Str("user") == alice.UserId);

        Assert.False(inGroup.Has("ua"));
        Assert.Equal("Alice Liddell", desc.GetProperty("public").Str("fn"));
        Assert.Equal("Alice Liddell", member.GetProperty("public").Str("fn"));
        await alice.AssertNoPresAsync(group, group, "upd", alice.UserId);
    }

    [Fact]
    public async Task Only_a_changed_public_is_announced_to_contacts()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await ContactsAsync(alice, bob);
        FrameAssert.Ctrl(await bob.SubAsync("me"), 200, "ok");
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");
        FrameAssert.Ctrl(await alice.SetAsync("me", PublicDesc("Same")), 200, "ok");
        await bob.ExpectPresAsync("me", "upd", alice.UserId);

        FrameAssert.Ctrl(await alice.SetAsync("me", PublicDesc("Same")), 304, "not modified");
        FrameAssert.Ctrl(await alice.SetAsync("me", new JsonObject { ["desc"] = new JsonObject { ["private"] = new JsonObject { ["tpin"] = new JsonArray() } } }), 200, "ok");

        await bob.AssertNoPresAsync("me", "me", "upd", alice.UserId);
    }

    [Fact]
    public async Task A_new_session_with_another_app_is_announced_as_ua_to_contacts_and_groups()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await ContactsAsync(alice, bob);
        var group = await bob.CreateGroupAsync();
        FrameAssert.Ctrl(await alice.SubAsync(group), 200, "ok");
        FrameAssert.Ctrl(await bob.SubAsync("me"), 200, "ok");
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");
        await bob.ExpectPresAsync("me", "on", alice.UserId);

        await using var phone = await broker.ConnectAsync();
        FrameAssert.Ctrl(await phone.RequestAsync("hi", new JsonObject { ["ver"] = "0.25", ["ua"] = "Tindroid/0.25 (Android 14)" }), 201, "created");
        FrameAssert.Ctrl(await phone.LoginTokenAsync(alice.Token!), 200, "ok");
        FrameAssert.Ctrl(await phone.SubAsync("me"), 200, "ok");
        var onMe = await bob.ExpectPresAsync("me", "ua", alice.UserId);
        var onGroup = await bob.ExpectPresAsync(group, "ua", alice.UserId);

        Assert.Equal("Tindroid/0.25 (Android 14)", onMe.Str("ua"));
        Assert.Equal("Tindroid/0.25 (Android 14)", onGroup.Str("ua"));
    }

    [Fact]
    public async Task A_group_going_offline_and_online_again_is_announced_on_its_members_me()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:TopicIdleTimeout=00:00:00.050");
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var group = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await bob.SubAsync(group), 200, "ok");
        FrameAssert.Ctrl(await bob.LeaveAsync(group), 200, "ok");
        FrameAssert.Ctrl(await bob.SubAsync("me"), 200, "ok");
        var online = await bob.ExpectPresAsync("me", "on", group);

        FrameAssert.Ctrl(await alice.LeaveAsync(group), 200, "ok");
        await bob.ExpectPresAsync("me", "off", group);
        FrameAssert.Ctrl(await alice.SubAsync(group), 200, "ok");
        await bob.ExpectPresAsync("me", "on", group);

        Assert.False(online.Has("ua"));
    }
}
