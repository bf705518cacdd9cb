using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary><c>{set tags}</c> and <c>{get tags}</c> on <c>me</c> and groups: restricted namespaces, unique aliases, owners only.</summary>
public sealed class TagsTests
{
    /// <summary>These tests are about generic tags: without <c>basic:&lt;login&gt;</c> tags (<see cref="LoginTagTests"/> covers those).</summary>
    private const string LoginTagsOff = "--Auth:Basic:AddToTags=false";

    private static JsonObject Tags(params string[] tags) => new() { ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]) };

    private static string[] TagsOf(JsonElement reply) =>
        [.. reply.GetProperty("meta").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];

    [Fact]
    public async Task A_user_sets_and_gets_own_tags_and_other_sessions_hear_of_it()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");
        await using var other = await broker.ConnectAsync();
        await other.HiAsync();
        await other.LoginAsync("alice");
        await alice.SubAsync("me");
        await other.SubAsync("me");

        FrameAssert.Ctrl((await alice.GetAsync("me", "tags")).GetProperty("ctrl"), 204, "no content");
        var set = await alice.SetAsync("me", Tags("Travel", "alias:ally", "travel"));
        await other.ExpectPresAsync("me", "tags");

        FrameAssert.Ctrl(set, 200, "ok");
        Assert.Equal(2, set.GetProperty("params").Long("added"));
        Assert.Equal(["travel", "alias:ally"], TagsOf(await alice.GetAsync("me", "tags")));
        FrameAssert.Ctrl(await alice.SetAsync("me", Tags("alias:ally", "travel")), 304, "not modified");
        Assert.DoesNotContain(alice.Received(), f => f.TryGetProperty("pres", out var p) && p.Str("what") == "tags");
    }

    [Fact]
    public async Task Tags_in_restricted_namespaces_cannot_be_added_or_removed_by_the_user()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");
        await alice.SubAsync("me");

        FrameAssert.Ctrl(await alice.SetAsync("me", Tags("email:alice@example.com")), 403, "permission denied");
        FrameAssert.Ctrl(await alice.SetAsync("me", Tags("tel:+15550100", "ok")), 403, "permission denied");
        FrameAssert.Ctrl(await alice.SetAsync("me", Tags("bad tag")), 400, "malformed");

        var group = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await alice.SetAsync(group, Tags("email:club@example.com")), 403, "permission denied");
        FrameAssert.Ctrl(await alice.SubAsync("new", set: Tags("email:club@example.com")), 403, "permission denied");
    }

    [Fact]
    public async Task The_restricted_namespaces_are_configurable()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff, "--Search:RestrictedNamespaces:0=staff");
        await using var alice = await broker.UserAsync("alice");
        await alice.SubAsync("me");

        FrameAssert.Ctrl(await alice.SetAsync("me", Tags("staff:yes")), 403, "permission denied");
        FrameAssert.Ctrl(await alice.SetAsync("me", Tags("email:alice@example.com")), 200, "ok");
    }

    [Fact]
    public async Task An_account_created_with_a_restricted_tag_is_refused()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        var ctrl = await client.RequestAsync("acc", new JsonObject
        {
            ["user"] = "new",
            ["scheme"] = "basic",
            ["secret"] = TestClient.BasicSecret("mallory", "secret123"),
            ["tags"] = new JsonArray("email:ceo@example.com"),
        });

        FrameAssert.Ctrl(ctrl, 403, "permission denied");
        Assert.Equal("tags", ctrl.GetProperty("params").Str("what"));
    }

    [Fact]
    public async Task An_alias_is_unique_and_one_per_owner()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync("me");
        await bob.SubAsync("me");

        FrameAssert.Ctrl(await alice.SetAsync("me", Tags("alias:ally")), 200, "ok");
        FrameAssert.Ctrl(await bob.SetAsync("me", Tags("alias:ally")), 400, "malformed");
        FrameAssert.Ctrl(await bob.SetAsync("me", Tags("alias:bob", "alias:robert")), 400, "malformed");
        var group = await bob.CreateGroupAsync();
        FrameAssert.Ctrl(await bob.SetAsync(group, Tags("alias:ally")), 400, "malformed");
        FrameAssert.Ctrl(await bob.SetAsync("me", Tags("alias:bob")), 200, "ok");

        // Once alice lets it go, it is free.
        FrameAssert.Ctrl(await alice.SetAsync("me", Tags("alias:alice")), 200, "ok");
        FrameAssert.Ctrl(await bob.SetAsync(group, Tags("alias:ally")), 200, "ok");
    }

    [Fact]
    public async Task Only_the_owner_sets_or_reads_a_groups_tags_and_p2p_has_none()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var group = await alice.CreateGroupAsync(Tags("hiking"));
        await bob.SubAsync(group);
        await using var aliceAgain = await broker.ConnectAsync();
        await aliceAgain.HiAsync();
        await aliceAgain.LoginAsync("alice");
        await aliceAgain.SubAsync(group);

        FrameAssert.Ctrl(await bob.SetAsync(group, Tags("mine")), 403, "permission denied");
        FrameAssert.Ctrl((await bob.GetAsync(group, "tags")).GetProperty("ctrl"), 403, "permission denied");
        FrameAssert.Ctrl(await alice.SetAsync(group, Tags("hiking", "alps")), 200, "ok");
        await aliceAgain.ExpectPresAsync(group, "tags");
        Assert.Equal(["hiking", "alps"], TagsOf(await alice.GetAsync(group, "tags")));
        Assert.DoesNotContain(bob.Received(), f => f.TryGetProperty("pres", out var p) && p.Str("what") == "tags");

        await alice.SubAsync(bob.UserId!);
        FrameAssert.Ctrl(await alice.SetAsync(bob.UserId!, Tags("p2p")), 405, "operation or method not allowed");
    }
}
