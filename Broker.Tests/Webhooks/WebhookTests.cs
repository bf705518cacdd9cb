using Broker.Tests.Observability;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Webhooks;

// Metrics are process-wide: the drop count is read in the collection that runs alone.
[Collection(nameof(ObservabilityEndpointTests))]
public sealed class WebhookTests
{
    private const string Secret = "webhook-secret-0123456789";
    private const string OtherSecret = "other-secret-0123456789ab";

    private static Task<TestBroker> StartAsync(WebhookReceiver receiver, params string[] extra) =>
        TestBroker.StartAsync(
        [
            "--Broker:Webhooks:0:Url=" + receiver.Url,
            "--Broker:Webhooks:0:Secret=" + Secret,
            "--Broker:WebhookDelivery:FirstRetryDelay=00:00:00.050",
            .. extra,
        ]);

    [Fact]
    public async Task Published_message_is_posted_signed_with_content_when_asked()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var broker = await StartAsync(receiver, "--Broker:Webhooks:0:IncludeContent=true", "--Broker:Webhooks:0:Events:0=message.published");
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;

        await alice.RequestAsync("pub", new JsonObject
        {
            ["topic"] = group,
            ["head"] = new JsonObject { ["mime"] = "text/x-drafty" },
            ["content"] = new JsonObject { ["txt"] = "hello" },
        });

        var hook = await receiver.ExpectEventAsync("message.published");
        Assert.True(hook.IsSignedWith(Secret), "signature matches HMAC-SHA256 of the body");
        Assert.False(hook.IsSignedWith(OtherSecret));
        Assert.Equal(hook.Json.GetProperty("id").GetString(), hook.Delivery);
        Assert.Equal("message.published", hook.Json.GetProperty("event").GetString());
        Assert.Equal(group, hook.Json.GetProperty("topic").GetString());
        Assert.Equal(1, hook.Json.GetProperty("seq").GetInt64());
        Assert.Equal(alice.UserId, hook.Json.GetProperty("from").GetString());
        Assert.Equal("text/x-drafty", hook.Json.GetProperty("head").GetProperty("mime").GetString());
        Assert.Equal("hello", hook.Json.GetProperty("content").GetProperty("txt").GetString());
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_with_the_same_event()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Statuses.Enqueue(500);
        receiver.Statuses.Enqueue(503);
        await using var broker = await StartAsync(receiver, "--Broker:Webhooks:0:Events:0=message.published");
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;

        await alice.PubAsync(group, "retry me");

        var first = await receiver.ExpectEventAsync("message.published");
        var second = await receiver.ExpectEventAsync("message.published");
        var third = await receiver.ExpectEventAsync("message.published");
        Assert.Equal(500, first.AnsweredStatus);
        Assert.Equal(503, second.AnsweredStatus);
        Assert.Equal(200, third.AnsweredStatus);
        Assert.Equal(first.Delivery, third.Delivery);
        Assert.Equal(first.Body, third.Body);
        Assert.True(third.IsSignedWith(Secret));
        Assert.False(third.Json.TryGetProperty("content", out _), "no content without IncludeContent");
    }

    [Fact]
    public async Task An_event_is_dropped_after_the_last_attempt_and_later_events_still_flow()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Statuses.Enqueue(500);
        receiver.Statuses.Enqueue(500);
        await using var broker = await StartAsync(receiver, "--Broker:WebhookDelivery:MaxAttempts=2", "--Broker:Webhooks:0:Events:0=message.published");
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;

        await alice.PubAsync(group, "lost");
        await alice.PubAsync(group, "kept");

        var first = await receiver.ExpectAsync(h => h.Json.GetProperty("seq").GetInt64() == 1, "seq 1, attempt 1");
        var second = await receiver.ExpectAsync(h => h.Json.GetProperty("seq").GetInt64() == 1, "seq 1, attempt 2");
        var kept = await receiver.ExpectAsync(h => h.Json.GetProperty("seq").GetInt64() == 2, "seq 2");
        Assert.Equal((500, 500, 200), (first.AnsweredStatus, second.AnsweredStatus, kept.AnsweredStatus));

        // Each receiver gets its events in order, so seq 1 was given up before seq 2 was sent.
        using var http = new HttpClient { BaseAddress = broker.BaseUri };
        var metrics = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(1, new ScrapeText(metrics).Value("broker_webhooks_dropped_total", "reason=\"failed\""));
    }

    [Fact]
    public async Task Offline_members_subscriptions_and_deletion_are_reported()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var broker = await StartAsync(receiver);
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        await alice.SubAsync("me");
        await using var bob = await broker.ConnectAsync();
        await bob.RegisterAsync("bob");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;
        await bob.SubAsync(group);

        var subscribed = await receiver.ExpectAsync(h => h.Event == "subscription.changed" && h.Json.GetProperty("user").GetString() == bob.UserId, "bob subscribed");
        Assert.Equal("subscribed", subscribed.Json.GetProperty("change").GetString());
        Assert.Equal(group, subscribed.Json.GetProperty("topic").GetString());

        await alice.PubAsync(group, "are you there?");
        var offline = await receiver.ExpectEventAsync("message.offline");
        Assert.Equal([bob.UserId], offline.Json.GetProperty("users").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(1, offline.Json.GetProperty("seq").GetInt64());

        await bob.RequestAsync("leave", new JsonObject { ["topic"] = group, ["unsub"] = true });
        var removed = await receiver.ExpectAsync(h => h.Event == "subscription.changed" && h.Json.GetProperty("change").GetString() == "removed", "bob removed");
        Assert.Equal(bob.UserId, removed.Json.GetProperty("user").GetString());

        await alice.RequestAsync("del", new JsonObject { ["topic"] = group, ["what"] = "topic" });
        var deleted = await receiver.ExpectEventAsync("topic.deleted");
        Assert.Equal(group, deleted.Json.GetProperty("topic").GetString());
        Assert.Equal(alice.UserId, deleted.Json.GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.String, deleted.Json.GetProperty("ts").ValueKind);
    }
}
