using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Emc;

/// <summary>emc topics end to end: names, who may attach, group behaviour, inbound messages, outbound checks, the emc group API.</summary>
public sealed class EmcTopicTests
{
    private static Task<TestBroker> StartAsync(params string[] extra) =>
        TestBroker.StartAsync(["--Broker:Admin:Key=" + AdminClient.Key, .. extra]);

    /// <summary>The emc topic of a user: <c>emc</c> + the 11 characters of the <c>usr…</c> id.</summary>
    internal static string EmcOf(TestClient user) => "emc" + user.UserId!["usr".Length..];

    internal static Task<JsonElement> PubEmcAsync(TestClient client, string topic, string content, string? to, string? channel = "sms")
    {
        var emc = new JsonObject();
        if (to is not null)
        {
            emc["to"] = to;
        }

        if (channel is not null)
        {
            emc["channel"] = channel;
        }

        return client.RequestAsync("pub", new JsonObject
        {
            ["topic"] = topic,
            ["head"] = new JsonObject { ["emc"] = emc, ["mime"] = "text/plain" },
            ["content"] = content,
        });
    }

    internal static async Task<string> CreateEmcGroupAsync(AdminClient admin, params string[] members)
    {
        var (status, body) = await admin.PostAsync("/v0/admin/emc", new JsonObject
        {
            ["members"] = new JsonArray([.. members.Select(m => (JsonNode)m)]),
            ["public"] = new JsonObject { ["fn"] = "Sales queue" },
        });
        Assert.Equal(HttpStatusCode.Created, status);
        return body.Str("topic")!;
    }

    [Fact]
    public async Task A_user_attaches_every_device_to_their_own_emc_topic_and_inbound_messages_reach_all_of_them()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);
        await using var phone = await broker.UserAsync("alice");
        await using var laptop = await broker.SessionOfAsync(phone);
        var topic = EmcOf(phone);

        FrameAssert.Ctrl(await phone.SubAsync(topic), 200, "ok");
        FrameAssert.Ctrl(await laptop.SubAsync(topic), 200, "ok");
        var (status, posted) = await admin.PostAsync($"/v0/admin/emc/{topic}/messages", new JsonObject
        {
            ["channel"] = "sms",
            ["from"] = "+15551234567",
            ["to"] = "+15557654321",
            ["head"] = new JsonObject { ["mime"] = "text/plain" },
            ["content"] = "Is my order ready?",
        });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(1, posted.Long("seq"));
        Assert.Equal(topic, posted.Str("topic"));
        foreach (var device in new[] { phone, laptop })
        {
            var data = await device.ExpectDataAsync(topic, 1);
            Assert.False(data.Has("from"));
            Assert.Equal("Is my order ready?", data.Str("content"));
            var head = data.GetProperty("head");
            Assert.Equal("text/plain", head.Str("mime"));
            var emc = head.GetProperty("emc");
            Assert.Equal("sms", emc.Str("channel"));
            Assert.Equal("+15551234567", emc.Str("from"));
            Assert.Equal("+15557654321", emc.Str("to"));
            Assert.Equal("in", emc.Str("direction"));
        }
    }

    [Fact]
    public async Task Inbound_messages_for_a_user_who_never_subscribed_wait_in_the_history()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);
        await using var alice = await broker.UserAsync("alice");
        var topic = EmcOf(alice);

        var (status, _) = await admin.PostAsync($"/v0/admin/emc/{topic}/messages", new JsonObject
        {
            ["channel"] = "whatsapp", ["from"] = "+4915112345678", ["content"] = "Hallo",
        });
        FrameAssert.Ctrl(await alice.SubAsync(topic), 200, "ok");
        var (data, _) = await alice.GetDataAsync(topic);

        Assert.Equal(HttpStatusCode.Created, status);
        var message = Assert.Single(data);
        Assert.Equal("Hallo", message.Str("content"));
        Assert.Equal("whatsapp", message.GetProperty("head").GetProperty("emc").Str("channel"));
        Assert.False(message.GetProperty("head").GetProperty("emc").Has("to"));
    }

    [Fact]
    public async Task Another_users_emc_topic_and_groups_one_is_not_in_answer_403()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var agent = await broker.UserAsync("agent");
        FrameAssert.Ctrl(await alice.SubAsync(EmcOf(alice)), 200, "ok");
        var group = await CreateEmcGroupAsync(admin, agent.UserId!);

        FrameAssert.Ctrl(await bob.SubAsync(EmcOf(alice)), 403, "permission denied");
        FrameAssert.Ctrl(await bob.SubAsync(EmcOf(agent)), 403, "permission denied");
        FrameAssert.Ctrl(await bob.SubAsync(group), 403, "permission denied");
        FrameAssert.Ctrl(await bob.SubAsync("emcAAAAAAAAAAE"), 403, "permission denied");
        FrameAssert.Ctrl(await bob.RequestAsync("get", new JsonObject { ["topic"] = EmcOf(alice), ["what"] = "data" }), 403, "permission denied");
        FrameAssert.Ctrl(await bob.SubAsync("emcShort"), 404, "topic not found");
        FrameAssert.Ctrl(await PubEmcAsync(bob, EmcOf(alice), "hi", "+1555"), 409, "must attach first");
        FrameAssert.Ctrl(await agent.SubAsync(group), 200, "ok");
    }

    [Fact]
    public async Task Outbound_publish_needs_a_recipient_and_a_configured_channel_and_is_echoed_to_the_users_other_devices()
    {
        await using var broker = await StartAsync("--Broker:Emc:Channels:0=sms", "--Broker:Emc:Channels:1=rcs");
        await using var phone = await broker.UserAsync("alice");
        await using var laptop = await broker.SessionOfAsync(phone);
        var topic = EmcOf(phone);
        FrameAssert.Ctrl(await phone.SubAsync(topic), 200, "ok");
        FrameAssert.Ctrl(await laptop.SubAsync(topic), 200, "ok");

        FrameAssert.Ctrl(await PubEmcAsync(phone, topic, "no recipient", to: null), 400, "malformed");
        FrameAssert.Ctrl(await PubEmcAsync(phone, topic, "wrong channel", "+15551234567", "whatsapp"), 400, "malformed");
        FrameAssert.Ctrl(await phone.RequestAsync("pub", new JsonObject { ["topic"] = topic, ["content"] = "no head" }), 400, "malformed");
        var sent = await PubEmcAsync(phone, topic, "Your order is ready", "+15551234567", "rcs");
        var defaulted = await PubEmcAsync(phone, topic, "Pick it up today", "+15551234567", channel: null);

        FrameAssert.Ctrl(sent, 202, "accepted");
        Assert.Equal(1, sent.GetProperty("params").Long("seq"));
        Assert.Equal(2, defaulted.GetProperty("params").Long("seq"));
        var echo = await laptop.ExpectDataAsync(topic, 1);
        Assert.Equal(phone.UserId, echo.Str("from"));
        var emc = echo.GetProperty("head").GetProperty("emc");
        Assert.Equal("rcs", emc.Str("channel"));
        Assert.Equal("+15551234567", emc.Str("to"));
        Assert.Equal("out", emc.Str("direction"));
        Assert.Equal("text/plain", echo.GetProperty("head").Str("mime"));
        Assert.Equal("sms", (await laptop.ExpectDataAsync(topic, 2)).GetProperty("head").GetProperty("emc").Str("channel"));
    }

    [Fact]
    public async Task Emc_topics_behave_as_groups_for_history_notes_deletes_and_leave()
    {
        await using var broker = await StartAsync();
        await using var phone = await broker.UserAsync("alice");
        await using var laptop = await broker.SessionOfAsync(phone);
        var topic = EmcOf(phone);
        FrameAssert.Ctrl(await phone.SubAsync(topic), 200, "ok");
        FrameAssert.Ctrl(await laptop.SubAsync(topic), 200, "ok");
        for (var i = 1; i <= 3; i++)
        {
            FrameAssert.Ctrl(await PubEmcAsync(phone, topic, "m" + i, "+15551234567"), 202, "accepted");
            await phone.ExpectDataAsync(topic, i);
            await laptop.ExpectDataAsync(topic, i);
        }

        Assert.Equal(new long[] { 3, 2, 1 }, await laptop.GetSeqsAsync(topic));
        FrameAssert.Ctrl(await laptop.DelMsgAsync(topic, hard: true, 2), 200, "ok");
        Assert.Equal(new long[] { 3, 1 }, await phone.GetSeqsAsync(topic));
        using var admin = new AdminClient(broker.BaseUri);
        await admin.PostAsync($"/v0/admin/emc/{topic}/messages", new JsonObject { ["channel"] = "sms", ["from"] = "+15551234567", ["content"] = "ok" });
        await laptop.ExpectDataAsync(topic, 4);
        await laptop.NoteAsync(topic, "read", 4);
        Assert.Equal(4, (await phone.ExpectInfoAsync(topic, "read")).Long("seq"));
        Assert.Equal(4, (await phone.GetDescAsync(topic)).Long("read"));
        FrameAssert.Ctrl(await laptop.DelAsync(topic, new JsonObject { ["what"] = "topic" }), 405, "operation or method not allowed");
        FrameAssert.Ctrl(await laptop.SetAsync(topic, new JsonObject { ["desc"] = new JsonObject { ["defacs"] = new JsonObject { ["auth"] = "JRWP" } } }),
            403, "permission denied");
        FrameAssert.Ctrl(await laptop.LeaveAsync(topic), 200, "ok");
        FrameAssert.Ctrl(await PubEmcAsync(laptop, topic, "after leave", "+15551234567"), 409, "must attach first");
        FrameAssert.Ctrl(await PubEmcAsync(phone, topic, "still attached", "+15551234567"), 202, "accepted");
    }

    [Fact]
    public async Task Emc_groups_are_created_listed_changed_and_deleted_through_the_server_api()
    {
        await using var broker = await StartAsync();
        using var admin = new AdminClient(broker.BaseUri);
        await using var ann = await broker.UserAsync("ann");
        await using var ben = await broker.UserAsync("ben");
        await using var cat = await broker.UserAsync("cat");
        FrameAssert.Ctrl(await ann.SubAsync(EmcOf(ann)), 200, "ok");
        var group = await CreateEmcGroupAsync(admin, ann.UserId!, ben.UserId!);
        Assert.StartsWith("emc", group);
        Assert.Equal(14, group.Length);

        var (listed, list) = await admin.GetAsync("/v0/admin/emc");
        Assert.Equal(HttpStatusCode.OK, listed);
        var names = list.GetProperty("groups").EnumerateArray().Select(g => g.Str("topic")).ToList();
        Assert.Equal([group], names);
        var (read, view) = await admin.GetAsync($"/v0/admin/emc/{group}");
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal("Sales queue", view.GetProperty("public").Str("fn"));
        Assert.False(view.Has("user"));
        Assert.Equal(
            new[] { ann.UserId, ben.UserId }.Order(),
            view.GetProperty("members").EnumerateArray().Select(m => m.Str("user")).Order());
        Assert.All(view.GetProperty("members").EnumerateArray(), m => Assert.Equal("JRWP", m.Str("mode")));

        FrameAssert.Ctrl(await ann.SubAsync(group), 200, "ok");
        FrameAssert.Ctrl(await ben.SubAsync(group), 200, "ok");
        FrameAssert.Ctrl(await cat.SubAsync(group), 403, "permission denied");
        var (inbound, _) = await admin.PostAsync($"/v0/admin/emc/{group}/messages", new JsonObject
        {
            ["channel"] = "sms", ["from"] = "+15550001111", ["to"] = "+15550002222", ["content"] = "Do you ship to Canada?",
        });
        Assert.Equal(HttpStatusCode.Created, inbound);
        await ann.ExpectDataAsync(group, 1);
        await ben.ExpectDataAsync(group, 1);
        FrameAssert.Ctrl(await PubEmcAsync(ben, group, "Yes, we do", "+15550001111"), 202, "accepted");
        var reply = await ann.ExpectDataAsync(group, 2);
        Assert.Equal(ben.UserId, reply.Str("from"));

        var (added, _) = await admin.PutAsync($"/v0/admin/emc/{group}/members/{cat.UserId}", null);
        Assert.Equal(HttpStatusCode.Created, added);
        FrameAssert.Ctrl(await cat.SubAsync(group), 200, "ok");
        var (removed, _) = await admin.DeleteAsync($"/v0/admin/emc/{group}/members/{ben.UserId}");
        Assert.Equal(HttpStatusCode.NoContent, removed);
        var evicted = await ben.ExpectFrameAsync("ctrl", c => c.Str("topic") == group && c.Long("code") == 205, "eviction from the group");
        FrameAssert.Ctrl(evicted, 205, "evicted");
        FrameAssert.Ctrl(await ben.SubAsync(group), 403, "permission denied");
        var (ownMembers, _) = await admin.PutAsync($"/v0/admin/emc/{EmcOf(ann)}/members/{cat.UserId}", null);
        Assert.Equal(HttpStatusCode.Conflict, ownMembers);

        var (deleted, _) = await admin.DeleteAsync($"/v0/admin/emc/{group}");
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        var (gone, _) = await admin.GetAsync($"/v0/admin/emc/{group}");
        Assert.Equal(HttpStatusCode.NotFound, gone);
        var (after, empty) = await admin.GetAsync("/v0/admin/emc");
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Empty(empty.GetProperty("groups").EnumerateArray());
    }

    [Fact]
    public async Task Inbound_requests_are_checked_before_anything_is_stored()
    {
        await using var broker = await StartAsync("--Broker:MaxMessageSize=2048");
        using var admin = new AdminClient(broker.BaseUri);
        using var anonymous = new AdminClient(broker.BaseUri, key: null);
        await using var alice = await broker.UserAsync("alice");
        var topic = EmcOf(alice);
        var path = $"/v0/admin/emc/{topic}/messages";

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(path, new JsonObject { ["channel"] = "sms", ["from"] = "+1", ["content"] = "x" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync(path, new JsonObject { ["channel"] = "fax", ["from"] = "+1", ["content"] = "x" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync(path, new JsonObject { ["channel"] = "sms", ["content"] = "x" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync(path, new JsonObject { ["channel"] = "sms", ["from"] = "+1" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/v0/admin/emc/grpAAAAAAAAAAE/messages", new JsonObject { ["channel"] = "sms", ["from"] = "+1", ["content"] = "x" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/v0/admin/emc/emcAAAAAAAAAAE/messages", new JsonObject { ["channel"] = "sms", ["from"] = "+1", ["content"] = "x" })).Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await admin.PostAsync(path, new JsonObject { ["channel"] = "sms", ["from"] = "+1", ["content"] = new string('x', 4096) })).Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await admin.PostAsync(path, new JsonObject { ["channel"] = "sms", ["from"] = "+1", ["content"] = new string('x', 128 * 1024) })).Status);

        FrameAssert.Ctrl(await alice.SubAsync(topic), 200, "ok");
        Assert.Equal(0, (await alice.GetDescAsync(topic)).Long("seq") ?? 0);
    }
}
