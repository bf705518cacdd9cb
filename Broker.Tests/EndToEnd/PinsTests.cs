using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>
/// Pinned chats and messages as Tinode's apps keep them: <c>me</c>'s <c>private</c> (with <c>tpin</c>, the pinned
/// topics) and a topic's <c>aux</c> (with <c>pins</c>, the pinned messages).
/// </summary>
public sealed class PinsTests
{
    private static JsonObject PrivateDesc(JsonNode value) => new() { ["desc"] = new JsonObject { ["private"] = value } };

    private static JsonObject Aux(JsonNode value) => new() { ["aux"] = value };

    [Fact]
    public async Task Me_private_with_pinned_topics_is_stored_and_returned_to_every_session_of_the_user()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");
        var group = await alice.CreateGroupAsync();

        var set = await alice.SetAsync("me", PrivateDesc(new JsonObject { ["tpin"] = new JsonArray(group), ["note"] = "mine" }));
        var again = await alice.SetAsync("me", PrivateDesc(new JsonObject { ["tpin"] = new JsonArray(group) }));
        var unpinned = await alice.SetAsync("me", PrivateDesc(new JsonObject { ["tpin"] = new JsonArray() }));
        await using var phone = await broker.SessionOfAsync(alice);
        FrameAssert.Ctrl(await phone.SubAsync("me"), 200, "ok");
        var onPhone = (await phone.GetDescAsync("me")).GetProperty("private");
        FrameAssert.Ctrl(await alice.SetAsync("me", PrivateDesc(new JsonObject { ["tpin"] = new JsonArray(group, "usrAbc") })), 200, "ok");
        await phone.ExpectPresAsync("me", "upd", "me");
        var pinned = (await phone.GetDescAsync("me")).GetProperty("private");

        FrameAssert.Ctrl(set, 200, "ok");
        FrameAssert.Ctrl(again, 304, "not modified");
        FrameAssert.Ctrl(unpinned, 200, "ok");
        Assert.Equal(0, onPhone.GetProperty("tpin").GetArrayLength());
        Assert.Equal("mine", onPhone.Str("note"));
        Assert.Equal([group, "usrAbc"], pinned.GetProperty("tpin").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Me_private_given_at_registration_is_kept()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();
        var acc = await client.RequestAsync("acc", new JsonObject
        {
            ["user"] = "new",
            ["scheme"] = "basic",
            ["secret"] = TestClient.BasicSecret("carol", "secret123"),
            ["login"] = true,
            ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "Carol" }, ["private"] = new JsonObject { ["comment"] = "hers" } },
        });
        FrameAssert.Ctrl(acc, 200, "ok");
        FrameAssert.Ctrl(await client.SubAsync("me"), 200, "ok");

        var desc = await client.GetDescAsync("me");

        Assert.Equal("hers", acc.GetProperty("params").GetProperty("desc").GetProperty("private").Str("comment"));
        Assert.Equal("hers", desc.GetProperty("private").Str("comment"));
    }

    [Fact]
    public async Task The_owner_pins_messages_in_aux_members_are_told_and_read_it()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await bob.SubAsync(topic), 200, "ok");
        var empty = await bob.GetAsync(topic, "aux");

        var set = await alice.SetAsync(topic, Aux(new JsonObject { ["pins"] = new JsonArray(3, 1) }));
        var pres = await bob.ExpectPresAsync(topic, "aux");
        var same = await alice.SetAsync(topic, Aux(new JsonObject { ["pins"] = new JsonArray(3, 1) }));
        var read = await bob.GetAsync(topic, "aux");

        FrameAssert.Ctrl(empty.GetProperty("ctrl"), 204, "no content");
        Assert.Equal("aux", empty.GetProperty("ctrl").GetProperty("params").Str("what"));
        FrameAssert.Ctrl(set, 200, "ok");
        Assert.False(pres.Has("src"));
        FrameAssert.Ctrl(same, 304, "not modified");
        Assert.Equal(topic, read.GetProperty("meta").Str("topic"));
        Assert.Equal([3, 1], read.GetProperty("meta").GetProperty("aux").GetProperty("pins").EnumerateArray().Select(e => e.GetInt32()));
        await alice.AssertNoPresAsync(topic, topic, "aux");
    }

    [Fact]
    public async Task Aux_is_merged_kept_across_reloads_and_cleared_with_the_delete_marker()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var topic = await alice.CreateGroupAsync();

        await alice.SetAsync(topic, Aux(new JsonObject { ["pins"] = new JsonArray(5) }));
        await alice.SetAsync(topic, Aux(new JsonObject { ["x-app-color"] = "red" }));
        FrameAssert.Ctrl(await alice.LeaveAsync(topic), 200, "ok");
        FrameAssert.Ctrl(await alice.SubAsync(topic), 200, "ok");
        var merged = (await alice.GetAsync(topic, "aux")).GetProperty("meta").GetProperty("aux");
        await alice.SetAsync(topic, Aux(new JsonObject { ["pins"] = "\u2421", ["x-app-color"] = "\u2421" }));
        var cleared = await alice.GetAsync(topic, "aux");

        Assert.Equal(5, merged.GetProperty("pins")[0].GetInt32());
        Assert.Equal("red", merged.Str("x-app-color"));
        FrameAssert.Ctrl(cleared.GetProperty("ctrl"), 204, "no content");
    }

    [Fact]
    public async Task Aux_needs_approver_or_owner_rights_an_object_and_a_group_or_p2p_topic()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var topic = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await bob.SubAsync(topic), 200, "ok");
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");

        var byMember = await bob.SetAsync(topic, Aux(new JsonObject { ["pins"] = new JsonArray(1) }));
        var notObject = await alice.SetAsync(topic, Aux(new JsonArray(1)));
        var onMe = await alice.SetAsync("me", Aux(new JsonObject { ["pins"] = new JsonArray(1) }));
        var getOnMe = await alice.GetAsync("me", "aux");
        FrameAssert.Ctrl(await alice.SetSubAsync(topic, bob.UserId, "JRWPA"), 200, "ok");
        FrameAssert.Ctrl(await bob.SetSubAsync(topic, null, "JRWPA"), 200, "ok");
        var byApprover = await bob.SetAsync(topic, Aux(new JsonObject { ["pins"] = new JsonArray(1) }));

        FrameAssert.Ctrl(byMember, 403, "permission denied");
        FrameAssert.Ctrl(notObject, 400, "malformed");
        FrameAssert.Ctrl(onMe, 405, "operation or method not allowed");
        FrameAssert.Ctrl(getOnMe.GetProperty("ctrl"), 405, "operation or method not allowed");
        FrameAssert.Ctrl(byApprover, 200, "ok");
    }

    [Fact]
    public async Task Either_party_pins_in_a_p2p_topic_and_the_peer_sees_it_under_its_own_name_for_the_topic()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
        FrameAssert.Ctrl(await bob.SubAsync(alice.UserId!), 200, "ok");

        FrameAssert.Ctrl(await alice.SetAsync(bob.UserId!, Aux(new JsonObject { ["pins"] = new JsonArray(2) })), 200, "ok");
        await bob.ExpectPresAsync(alice.UserId!, "aux");
        var read = await bob.GetAsync(alice.UserId!, "aux");

        Assert.Equal(alice.UserId, read.GetProperty("meta").Str("topic"));
        Assert.Equal(2, read.GetProperty("meta").GetProperty("aux").GetProperty("pins")[0].GetInt32());
    }
}
