using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>
/// <c>Auth:Basic:AddToTags</c>, as Tinode's basic authenticator with <c>add_to_tags</c>: an account holds
/// <c>basic:&lt;login&gt;</c>, the server keeps it (restricted) and renames it with the login, and "New chat" finds
/// the user by typing the login.
/// </summary>
public sealed class LoginTagTests
{
    private static JsonObject Tags(params string[] tags) => new() { ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]) };

    private static string[] TagsOf(JsonElement reply) =>
        [.. reply.GetProperty("meta").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];

    private static async Task<JsonElement> SearchAsync(TestClient client, string query)
    {
        FrameAssert.Ctrl(await client.SetAsync("fnd", new JsonObject { ["desc"] = new JsonObject { ["public"] = query } }), 200, "ok");
        return await client.GetAsync("fnd", "sub");
    }

    private static string[] Found(JsonElement reply) =>
        reply.TryGetProperty("meta", out var meta) ? [.. meta.GetProperty("sub").EnumerateArray().Select(s => s.Str("topic")!)] : [];

    [Fact]
    public async Task A_new_account_holds_its_login_tag_and_is_found_by_its_plain_login()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("Alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync("me");
        await bob.SubAsync("fnd");

        Assert.Equal(["basic:alice"], TagsOf(await alice.GetAsync("me", "tags")));
        var reply = await SearchAsync(bob, "alice");
        Assert.Equal([alice.UserId!], Found(reply));
        var found = reply.GetProperty("meta").GetProperty("sub")[0];
        Assert.Equal("Alice", found.GetProperty("public").Str("fn"));
        Assert.Equal(["basic:alice"], found.GetProperty("private").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal([alice.UserId!], Found(await SearchAsync(bob, "basic:alice")));
        Assert.Empty(Found(await SearchAsync(bob, "ali")));
    }

    [Fact]
    public async Task The_user_cannot_remove_or_forge_login_tags_but_keeps_them_while_setting_others()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await alice.SubAsync("me");

        FrameAssert.Ctrl(await alice.SetAsync("me", Tags("alias:ally")), 403, "permission denied");
        FrameAssert.Ctrl(await alice.SetAsync("me", Tags("basic:alice", "basic:bob")), 403, "permission denied");
        FrameAssert.Ctrl(await alice.SetAsync("me", Tags("basic:alice", "alias:ally")), 200, "ok");
        Assert.Equal(["basic:alice", "alias:ally"], TagsOf(await alice.GetAsync("me", "tags")));

        var group = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await alice.SetAsync(group, Tags("basic:club")), 403, "permission denied");
    }

    [Fact]
    public async Task A_login_change_renames_the_tag_so_the_new_login_is_found_and_the_old_one_is_not()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync("me");
        await bob.SubAsync("fnd");

        FrameAssert.Ctrl(await alice.RequestAsync("acc", new JsonObject { ["scheme"] = "basic", ["secret"] = TestClient.BasicSecret("alicia", "new-secret") }), 200, "ok");
        await alice.ExpectPresAsync("me", "tags");

        Assert.Equal(["basic:alicia"], TagsOf(await alice.GetAsync("me", "tags")));
        Assert.Equal([alice.UserId!], Found(await SearchAsync(bob, "alicia")));
        Assert.Empty(Found(await SearchAsync(bob, "alice")));
    }

    [Fact]
    public async Task With_AddToTags_off_accounts_get_no_login_tag_and_the_namespace_is_free()
    {
        await using var broker = await TestBroker.StartAsync("--Auth:Basic:AddToTags=false");
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync("me");
        await bob.SubAsync("fnd");

        FrameAssert.Ctrl((await alice.GetAsync("me", "tags")).GetProperty("ctrl"), 204, "no content");
        Assert.Empty(Found(await SearchAsync(bob, "alice")));
        FrameAssert.Ctrl(await alice.SetAsync("me", Tags("basic:whatever")), 200, "ok");
    }
}
