using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Protocol.Names;
using Broker.Storage;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.EndToEnd;

/// <summary>The <c>fnd</c> topic: search users and groups by tag, as Tinode's clients do it.</summary>
public sealed class FndTests
{
    /// <summary>These tests are about generic tags: without <c>basic:&lt;login&gt;</c> tags (<see cref="LoginTagTests"/> covers those).</summary>
    private const string LoginTagsOff = "--Auth:Basic:AddToTags=false";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StorageBackend Store(TestBroker broker) => broker.Services.GetRequiredService<StorageBackend>();

    private static long IdOf(TestClient client) => UserId.TryParse(client.UserId, out var id) ? id.Value : 0;

    private static JsonObject Query(string query) => new() { ["desc"] = new JsonObject { ["public"] = query } };

    private static async Task<JsonElement> SearchAsync(TestClient client, string query)
    {
        FrameAssert.Ctrl(await client.SetAsync("fnd", Query(query)), 200, "ok");
        return await client.GetAsync("fnd", "sub");
    }

    private static string[] Found(JsonElement reply) =>
        [.. reply.GetProperty("meta").GetProperty("sub").EnumerateArray().Select(s => s.Str("topic")!)];

    private static async Task TagAsync(TestClient client, string topic, params string[] tags) =>
        FrameAssert.Ctrl(await client.SetAsync(topic, new JsonObject { ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]) }), 200, "ok");

    [Fact]
    public async Task A_user_finds_other_users_and_groups_by_tag_with_their_public_and_matched_tags()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        await alice.SubAsync("me");
        await TagAsync(alice, "me", "travel", "alias:alice");
        await bob.SubAsync("me");
        await TagAsync(bob, "me", "travel", "music");
        var club = await carol.CreateGroupAsync(new JsonObject { ["tags"] = new JsonArray("travel", "hiking"), ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "Club" } } });

        FrameAssert.Ctrl(await carol.SubAsync("fnd"), 200, "ok");
        var reply = await SearchAsync(carol, "travel");

        // Equal scores: users (by id) before topics.
        var found = Found(reply);
        Assert.Equal(new[] { alice.UserId!, bob.UserId! }.Order(), found[..2].Order());
        Assert.Equal(club, found[2]);
        var meta = reply.GetProperty("meta");
        Assert.Equal("fnd", meta.Str("topic"));
        var first = meta.GetProperty("sub").EnumerateArray().Single(s => s.Str("topic") == alice.UserId);
        Assert.Equal("alice", first.GetProperty("public").Str("fn"));
        Assert.Equal(["travel"], first.GetProperty("private").EnumerateArray().Select(t => t.GetString()!));
        Assert.Equal("JRWPAS", first.GetProperty("acs").Str("mode"));
        Assert.False(first.Has("user"));
        Assert.True(first.Has("updated"));
        var group = meta.GetProperty("sub")[2];
        Assert.Equal("Club", group.GetProperty("public").Str("fn"));
        Assert.Equal("JRWPS", group.GetProperty("acs").Str("mode"));
    }

    [Fact]
    public async Task Space_is_and_comma_is_or_and_the_alias_ranks_first()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        await using var dave = await broker.UserAsync("dave");
        await alice.SubAsync("me");
        await TagAsync(alice, "me", "travel", "hiking");
        await bob.SubAsync("me");
        await TagAsync(bob, "me", "travel", "music");
        await carol.SubAsync("me");
        await TagAsync(carol, "me", "alias:hiking");
        await dave.SubAsync("fnd");

        Assert.Equal([alice.UserId!], Found(await SearchAsync(dave, "travel hiking")));
        Assert.Equal(new[] { alice.UserId!, bob.UserId! }.Order(), Found(await SearchAsync(dave, "travel hiking,music")).Order());
        var ranked = Found(await SearchAsync(dave, "hiking, alias:hiking, music"));
        Assert.Equal(carol.UserId, ranked[0]);
        Assert.Equal(new[] { alice.UserId!, bob.UserId! }.Order(), ranked[1..].Order());
        Assert.Equal([bob.UserId!], Found(await SearchAsync(dave, "\"music\" TRAVEL")));
    }

    [Fact]
    public async Task The_caller_never_finds_themself_and_nothing_found_is_204()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");
        await alice.SubAsync("me");
        await TagAsync(alice, "me", "lonely");
        await alice.SubAsync("fnd");

        var self = await SearchAsync(alice, "lonely");
        var nothing = await SearchAsync(alice, "nobody-has-this");
        var broken = await SearchAsync(alice, "a,,b");

        foreach (var reply in new[] { self, nothing, broken })
        {
            var ctrl = reply.GetProperty("ctrl");
            FrameAssert.Ctrl(ctrl, 204, "no content");
            Assert.Equal("sub", ctrl.GetProperty("params").Str("what"));
            Assert.Equal("fnd", ctrl.Str("topic"));
        }
    }

    [Fact]
    public async Task A_channel_is_found_as_chn_with_the_readers_mode_and_its_subscriber_count_and_joined_as_a_reader()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");
        await using var reader = await broker.UserAsync("reader");
        await using var bob = await broker.UserAsync("bob");
        var created = await alice.SubAsync("nchNews", set: new JsonObject
        {
            ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "News" } },
            ["tags"] = new JsonArray("news"),
        });
        FrameAssert.Ctrl(created, 200, "ok");
        var channel = "chn" + created.Str("topic")![3..];
        var club = await alice.CreateGroupAsync(new JsonObject { ["tags"] = new JsonArray("news") });
        FrameAssert.Ctrl(await reader.SubAsync(channel), 200, "ok");
        await bob.SubAsync("fnd");

        var subs = (await SearchAsync(bob, "news")).GetProperty("meta").GetProperty("sub").EnumerateArray().ToDictionary(s => s.Str("topic")!);

        Assert.Equal(new[] { channel, club }.Order(), subs.Keys.Order());
        Assert.Equal("JR", subs[channel].GetProperty("acs").Str("mode"));
        Assert.Equal(2, subs[channel].GetProperty("subcnt").GetInt32());
        Assert.Equal("News", subs[channel].GetProperty("public").Str("fn"));
        Assert.Equal("JRWPS", subs[club].GetProperty("acs").Str("mode"));
        Assert.Equal(1, subs[club].GetProperty("subcnt").GetInt32());
        var joined = await bob.SubAsync(channel);
        FrameAssert.Ctrl(joined, 200, "ok");
        FrameAssert.Acs(joined.GetProperty("params").GetProperty("acs"), "JRP", "JRP", "JRP");
        var seq = await alice.PubAsync(created.Str("topic")!, "hello readers");
        Assert.Equal("hello readers", (await bob.ExpectDataAsync(channel, seq)).GetProperty("content").GetString());
    }

    [Fact]
    public async Task An_email_address_finds_the_user_who_confirmed_it()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var user = (await Store(broker).Users.GetAsync(IdOf(alice), Ct))!;
        await Store(broker).Users.UpdateAsync(user with { Tags = ["email:alice@example.com"] }, Ct);
        await bob.SubAsync("fnd");

        var reply = await SearchAsync(bob, "Alice@Example.com");

        Assert.Equal([alice.UserId!], Found(reply));
        Assert.Equal(["email:alice@example.com"], reply.GetProperty("meta").GetProperty("sub")[0].GetProperty("private").EnumerateArray().Select(t => t.GetString()!));
    }

    [Fact]
    public async Task Suspended_users_are_not_found()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync("me");
        await TagAsync(alice, "me", "findme");
        await Store(broker).Users.UpdateAsync((await Store(broker).Users.GetAsync(IdOf(alice), Ct))! with { State = UserState.Suspended }, Ct);
        await bob.SubAsync("fnd");

        FrameAssert.Ctrl((await SearchAsync(bob, "findme")).GetProperty("ctrl"), 204, "no content");
    }

    [Fact]
    public async Task Each_session_has_its_own_query_and_the_private_query_is_kept()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync("me");
        await TagAsync(alice, "me", "red", "blue");
        await using var second = await broker.ConnectAsync();
        await second.HiAsync();
        FrameAssert.Ctrl(await second.LoginAsync("bob"), 200, "ok");
        await bob.SubAsync("fnd");
        await second.SubAsync("fnd");

        FrameAssert.Ctrl(await bob.SetAsync("fnd", new JsonObject { ["desc"] = new JsonObject { ["private"] = "blue" } }), 200, "ok");
        FrameAssert.Ctrl(await bob.SetAsync("fnd", Query("red")), 200, "ok");
        FrameAssert.Ctrl(await bob.SetAsync("fnd", Query("red")), 304, "not modified");

        Assert.Equal([alice.UserId!], Found(await bob.GetAsync("fnd", "sub")));
        Assert.Equal("blue", (await second.GetDescAsync("fnd")).Str("private"));
        var viaPrivate = await second.GetAsync("fnd", "sub");
        Assert.Equal(["blue"], viaPrivate.GetProperty("meta").GetProperty("sub")[0].GetProperty("private").EnumerateArray().Select(t => t.GetString()!));
    }

    [Fact]
    public async Task Fnd_refuses_what_it_does_not_do()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");

        FrameAssert.Ctrl(await alice.GetAsync("fnd", "sub") is var unattached && unattached.TryGetProperty("ctrl", out var c) ? c : unattached, 403, "permission denied");
        await alice.SubAsync("fnd");
        FrameAssert.Ctrl(await alice.RequestAsync("pub", new JsonObject { ["topic"] = "fnd", ["content"] = "hi" }), 403, "permission denied");
        FrameAssert.Ctrl(await alice.RequestAsync("leave", new JsonObject { ["topic"] = "fnd", ["unsub"] = true }), 403, "permission denied");
        FrameAssert.Ctrl(await alice.SetAsync("fnd", new JsonObject { ["tags"] = new JsonArray("aa") }), 405, "operation or method not allowed");
        FrameAssert.Ctrl(await alice.SetAsync("fnd", new JsonObject { ["desc"] = new JsonObject { ["trusted"] = new JsonObject { ["x"] = 1 } } }), 403, "permission denied");
        var many = string.Join(' ', Enumerable.Range(0, 17).Select(i => "t" + i));
        FrameAssert.Ctrl(await alice.SetAsync("fnd", Query(many)), 200, "ok");
        var tooMany = (await alice.GetAsync("fnd", "sub")).GetProperty("ctrl");
        FrameAssert.Ctrl(tooMany, 400, "malformed");
        FrameAssert.Ctrl(await alice.RequestAsync("leave", new JsonObject { ["topic"] = "fnd" }), 200, "ok");
    }

    [Fact]
    public async Task Get_tags_on_fnd_tells_who_holds_an_alias()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff);
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await alice.SubAsync("me");
        await TagAsync(alice, "me", "alias:ally");
        await bob.SubAsync("fnd");

        FrameAssert.Ctrl(await bob.SetAsync("fnd", Query("alias:ally")), 200, "ok");
        var taken = await bob.GetAsync("fnd", "tags");
        FrameAssert.Ctrl(await bob.SetAsync("fnd", Query("alias:free")), 200, "ok");
        var free = await bob.GetAsync("fnd", "tags");

        Assert.Equal([alice.UserId!], taken.GetProperty("meta").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!));
        FrameAssert.Ctrl(free.GetProperty("ctrl"), 204, "no content");
        Assert.Equal("tags", free.GetProperty("ctrl").GetProperty("params").Str("what"));
    }

    [Fact]
    public async Task Results_are_limited_by_Search_MaxResults_and_the_requested_limit()
    {
        await using var broker = await TestBroker.StartAsync(LoginTagsOff, "--Search:MaxResults=3");
        var users = new List<TestClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var user = await broker.UserAsync("user" + i);
                users.Add(user);
                await user.SubAsync("me");
                await TagAsync(user, "me", "crowd");
            }

            await using var seeker = await broker.UserAsync("seeker");
            await seeker.SubAsync("fnd");

            Assert.Equal(3, Found(await SearchAsync(seeker, "crowd")).Length);
            Assert.Single(Found(await seeker.GetAsync("fnd", "sub", new JsonObject { ["sub"] = new JsonObject { ["limit"] = 1 } })));
        }
        finally
        {
            foreach (var user in users)
            {
                await user.DisposeAsync();
            }
        }
    }
}
