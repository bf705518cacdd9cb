using System.Net;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Emc;

/// <summary>
/// The gateway's side in process: outbound messages posted to a real HTTP receiver (signed, retried until 2xx, the
/// same id each time), delivery status, and idempotent inbound messages.
/// </summary>
public sealed class EmcGatewayTests
{
    private const string Secret = "emc-gateway-secret-0123456789";

    private static Task<TestBroker> StartAsync(WebhookReceiver gateway) =>
        TestBroker.StartAsync(
            "--Broker:Admin:Key=" + AdminClient.Key,
            "--Broker:Emc:OutboundUrl=" + gateway.Url,
            "--Broker:Emc:Secret=" + Secret,
            "--Broker:Emc:FirstRetryDelay=00:00:00.100",
            "--Broker:Emc:MaxRetryDelay=00:00:00.300",
            "--Broker:Emc:PollInterval=00:00:00.100");

    [Fact]
    public async Task An_outbound_message_is_posted_to_the_gateway_signed_with_its_topic_seq_and_route()
    {
        await using var gateway = await WebhookReceiver.StartAsync();
        await using var broker = await StartAsync(gateway);
        await using var alice = await broker.UserAsync("alice");
        var topic = EmcTopicTests.EmcOf(alice);
        FrameAssert.Ctrl(await alice.SubAsync(topic), 200, "ok");

        var ack = await EmcTopicTests.PubEmcAsync(alice, topic, "Your table is ready", "+15551234567", "whatsapp");
        var hook = await gateway.ExpectAsync(h => h.Delivery == topic + ":1", "the outbound message");

        FrameAssert.Ctrl(ack, 202, "accepted");
        Assert.True(hook.IsSignedWith(Secret), "signature is the HMAC-SHA256 of the body keyed by Broker:Emc:Secret");
        Assert.Equal("emc.outbound", hook.Event);
        var body = hook.Json;
        Assert.Equal(topic + ":1", body.Str("id"));
        Assert.Equal(topic, body.Str("topic"));
        Assert.Equal(1, body.Long("seq"));
        Assert.Equal(alice.UserId, body.Str("from"));
        Assert.Equal("whatsapp", body.Str("channel"));
        Assert.Equal("+15551234567", body.Str("to"));
        Assert.Equal("Your table is ready", body.Str("content"));
        Assert.Equal("out", body.GetProperty("head").GetProperty("emc").Str("direction"));
        Assert.Equal("text/plain", body.GetProperty("head").Str("mime"));
        Assert.True(body.Has("ts"));
    }

    [Fact]
    public async Task A_gateway_that_fails_gets_the_same_message_again_until_it_answers_2xx()
    {
        await using var gateway = await WebhookReceiver.StartAsync();
        gateway.Statuses.Enqueue(503);
        gateway.Statuses.Enqueue(500);
        gateway.Statuses.Enqueue(429);
        await using var broker = await StartAsync(gateway);
        await using var alice = await broker.UserAsync("alice");
        var topic = EmcTopicTests.EmcOf(alice);
        FrameAssert.Ctrl(await alice.SubAsync(topic), 200, "ok");

        FrameAssert.Ctrl(await EmcTopicTests.PubEmcAsync(alice, topic, "Reminder: dentist at 3", "+15551234567"), 202, "accepted");
        var attempts = new List<ReceivedHook>();
        for (var i = 0; i < 4; i++)
        {
            attempts.Add(await gateway.ExpectAsync(h => h.Delivery == topic + ":1", $"attempt {i + 1}"));
        }

        Assert.Equal([503, 500, 429, 200], attempts.Select(a => a.AnsweredStatus));
        Assert.All(attempts, a => Assert.Equal(attempts[0].Body, a.Body));
        Assert.All(attempts, a => Assert.True(a.IsSignedWith(Secret)));

        // Delivered: the next message is the next one the gateway sees, the first is not posted again.
        FrameAssert.Ctrl(await EmcTopicTests.PubEmcAsync(alice, topic, "second", "+15551234567"), 202, "accepted");
        var next = await gateway.ExpectAsync(_ => true, "the next post");
        Assert.Equal(topic + ":2", next.Delivery);
    }

    [Fact]
    public async Task Delivery_status_reaches_attached_sessions_and_stays_in_the_message_head()
    {
        await using var gateway = await WebhookReceiver.StartAsync();
        await using var broker = await StartAsync(gateway);
        using var admin = new AdminClient(broker.BaseUri);
        await using var phone = await broker.UserAsync("alice");
        await using var laptop = await broker.SessionOfAsync(phone);
        var topic = EmcTopicTests.EmcOf(phone);
        FrameAssert.Ctrl(await phone.SubAsync(topic), 200, "ok");
        FrameAssert.Ctrl(await laptop.SubAsync(topic), 200, "ok");
        FrameAssert.Ctrl(await EmcTopicTests.PubEmcAsync(phone, topic, "See you", "+15551234567"), 202, "accepted");
        await gateway.ExpectAsync(h => h.Delivery == topic + ":1", "the outbound message");
        await admin.PostAsync($"/v0/admin/emc/{topic}/messages", new JsonObject { ["channel"] = "sms", ["from"] = "+15551234567", ["content"] = "ok" });
        await laptop.ExpectDataAsync(topic, 1);
        await laptop.ExpectDataAsync(topic, 2);

        var (status, body) = await admin.PostAsync($"/v0/admin/emc/{topic}/messages/1/status", new JsonObject { ["status"] = "failed", ["reason"] = "unreachable" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("failed", body.Str("status"));
        foreach (var device in new[] { phone, laptop })
        {
            var info = await device.ExpectInfoAsync(topic, "emc");
            Assert.Equal(1, info.Long("seq"));
            Assert.Equal("failed", info.Str("status"));
        }

        var (again, _) = await admin.PostAsync($"/v0/admin/emc/{topic}/messages/1/status", new JsonObject { ["status"] = "delivered" });
        Assert.Equal(HttpStatusCode.OK, again);
        var (data, _) = await laptop.GetDataAsync(topic);
        var emc = data.Single(d => d.Long("seq") == 1).GetProperty("head").GetProperty("emc");
        Assert.Equal("delivered", emc.Str("status"));
        Assert.False(emc.Has("reason"));
        Assert.Equal("+15551234567", emc.Str("to"));

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/v0/admin/emc/{topic}/messages/2/status", new JsonObject { ["status"] = "delivered" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/v0/admin/emc/{topic}/messages/9/status", new JsonObject { ["status"] = "delivered" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/v0/admin/emc/{topic}/messages/1/status", new JsonObject { ["status"] = "read" })).Status);
    }

    [Fact]
    public async Task The_same_external_id_posted_twice_is_stored_once_and_answers_the_first_seq()
    {
        await using var gateway = await WebhookReceiver.StartAsync();
        await using var broker = await StartAsync(gateway);
        using var admin = new AdminClient(broker.BaseUri);
        await using var alice = await broker.UserAsync("alice");
        var topic = EmcTopicTests.EmcOf(alice);
        FrameAssert.Ctrl(await alice.SubAsync(topic), 200, "ok");
        JsonObject Inbound(string id, string text) => new() { ["channel"] = "sms", ["from"] = "+15551234567", ["content"] = text, ["external_id"] = id };

        var (firstStatus, first) = await admin.PostAsync($"/v0/admin/emc/{topic}/messages", Inbound("SM-1", "hello"));
        var (otherStatus, other) = await admin.PostAsync($"/v0/admin/emc/{topic}/messages", Inbound("SM-2", "second"));
        await alice.ExpectDataAsync(topic, 1);
        await alice.ExpectDataAsync(topic, 2);
        var (repeatStatus, repeat) = await admin.PostAsync($"/v0/admin/emc/{topic}/messages", Inbound("SM-1", "hello"));

        Assert.Equal(HttpStatusCode.Created, firstStatus);
        Assert.Equal(HttpStatusCode.Created, otherStatus);
        Assert.Equal(HttpStatusCode.OK, repeatStatus);
        Assert.Equal(1, first.Long("seq"));
        Assert.Equal(2, other.Long("seq"));
        Assert.Equal(1, repeat.Long("seq"));
        Assert.True(repeat.GetProperty("duplicate").GetBoolean());
        await alice.AssertNoDataAsync(topic, topic);
        Assert.Equal(new long[] { 2, 1 }, await alice.GetSeqsAsync(topic));
        Assert.Equal(2, (await alice.GetDescAsync(topic)).Long("seq"));
    }
}
