using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Hardening;

/// <summary>Caps on attached topics per session, topics per user, tags per user and members per group (422).</summary>
public sealed class SubscriptionLimitTests
{
    private static int Code(JsonElement ctrl) => ctrl.GetProperty("code").GetInt32();

    [Fact]
    public async Task A_session_attached_to_MaxAttachedTopicsPerSession_topics_gets_422_for_one_more()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxAttachedTopicsPerSession=2");
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        Assert.Equal(200, Code(await alice.SubAsync("me")));
        var first = await alice.SubAsync("new");
        Assert.Equal(200, Code(first));

        var refused = await alice.SubAsync("new");
        Assert.Equal(422, Code(refused));
        Assert.Equal("policy violation", refused.GetProperty("text").GetString());

        // Leaving frees a slot.
        var group = first.GetProperty("topic").GetString()!;
        Assert.Equal(200, Code(await alice.RequestAsync("leave", new JsonObject { ["topic"] = group })));
        Assert.Equal(200, Code(await alice.SubAsync("new")));
    }

    [Fact]
    public async Task A_user_holding_MaxTopicsPerUser_topics_cannot_create_or_join_another()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxTopicsPerUser=2");
        await using var alice = await broker.ConnectAsync();
        await using var bob = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        await bob.RegisterAsync("bob");
        var bobsGroup = (await bob.SubAsync("new")).GetProperty("topic").GetString()!;
        var first = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;
        Assert.Equal(200, Code(await alice.SubAsync("new")));

        Assert.Equal(422, Code(await alice.SubAsync("new")));
        Assert.Equal(422, Code(await alice.SubAsync(bobsGroup)));
        Assert.Equal(422, Code(await alice.SubAsync(bob.UserId!)));

        // Unsubscribing gives one back.
        Assert.Equal(200, Code(await alice.RequestAsync("del", new JsonObject { ["topic"] = first, ["what"] = "topic" })));
        Assert.Equal(200, Code(await alice.SubAsync(bobsGroup)));
    }

    [Fact]
    public async Task A_group_at_MaxSubscriberCount_refuses_one_more_member_with_422()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxSubscriberCount=2");
        await using var alice = await broker.ConnectAsync();
        await using var bob = await broker.ConnectAsync();
        await using var carol = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        await bob.RegisterAsync("bob");
        await carol.RegisterAsync("carol");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;
        Assert.Equal(200, Code(await bob.SubAsync(group)));

        var refused = await carol.SubAsync(group);

        Assert.Equal(422, Code(refused));
        Assert.Equal(group, refused.GetProperty("topic").GetString());
    }

    [Fact]
    public async Task Tags_per_user_are_capped_at_MaxTagCount()
    {
        await using var broker = await TestBroker.StartAsync("--Auth:Basic:AddToTags=false");
        await using var alice = await broker.ConnectAsync();
        await alice.HiAsync();
        var tags = new JsonArray([.. Enumerable.Range(1, 20).Select(i => JsonValue.Create($"tag{i:00}"))]);
        var created = await alice.RequestAsync("acc", new JsonObject
        {
            ["user"] = "new",
            ["scheme"] = "basic",
            ["secret"] = TestClient.BasicSecret("alice", "secret123"),
            ["login"] = true,
            ["tags"] = tags,
        });
        Assert.Equal(200, Code(created));
        await alice.SubAsync("me");

        var id = alice.NextId();
        await alice.SendAsync(new JsonObject { ["get"] = new JsonObject { ["id"] = id, ["topic"] = "me", ["what"] = "tags" } });
        var meta = await alice.ExpectMetaAsync(id, "tags");
        Assert.Equal(16, meta.GetProperty("tags").GetArrayLength());

        var more = new JsonArray([.. Enumerable.Range(1, 30).Select(i => JsonValue.Create($"other{i:00}"))]);
        await alice.RequestAsync("set", new JsonObject { ["topic"] = "me", ["tags"] = more });
        id = alice.NextId();
        await alice.SendAsync(new JsonObject { ["get"] = new JsonObject { ["id"] = id, ["topic"] = "me", ["what"] = "tags" } });
        meta = await alice.ExpectMetaAsync(id, "tags");
        Assert.Equal(16, meta.GetProperty("tags").GetArrayLength());
    }
}
