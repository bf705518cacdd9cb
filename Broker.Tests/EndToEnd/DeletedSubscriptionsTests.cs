using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.EndToEnd;

/// <summary>
/// <c>{get sub ims}</c>, what a client that keeps its chat list between runs asks: what changed since, including the
/// subscriptions deleted since (with <c>deleted</c>), on <c>me</c> and on a topic, as Tinode answers.
/// </summary>
public sealed class DeletedSubscriptionsTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    private static JsonObject SubSince(DateTimeOffset ims) => new()
    {
        ["sub"] = new JsonObject { ["ims"] = ims.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) },
    };

    private static JsonElement Entry(JsonElement subs, string key, string value) =>
        subs.EnumerateArray().Single(s => s.Str(key) == value);

    [Fact]
    public async Task Me_reports_chats_left_since_the_cache_time_and_only_what_changed()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton<TimeProvider>(clock));
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var left = await bob.CreateGroupAsync(new JsonObject { ["desc"] = new JsonObject { ["public"] = "Left" } });
        var renamed = await bob.CreateGroupAsync(new JsonObject { ["desc"] = new JsonObject { ["public"] = "Old" } });
        var quiet = await bob.CreateGroupAsync(new JsonObject { ["desc"] = new JsonObject { ["public"] = "Quiet" } });
        foreach (var topic in new[] { left, renamed, quiet })
        {
            FrameAssert.Ctrl(await alice.SubAsync(topic), 200, "ok");
        }

        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");
        var cached = clock.GetUtcNow() + Step;
        clock.Advance(Step * 2);
        FrameAssert.Ctrl(await alice.LeaveAsync(left, unsub: true), 200, "ok");
        FrameAssert.Ctrl(await bob.SetAsync(renamed, new JsonObject { ["desc"] = new JsonObject { ["public"] = "New" } }), 200, "ok");

        var id = await alice.SendGetAsync("me", "sub", SubSince(cached));
        var changes = (await alice.ExpectMetaAsync(id, "sub")).GetProperty("sub");
        var full = await alice.GetSubsAsync("me");

        var gone = Entry(changes, "topic", left);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, gone.GetProperty("deleted").GetDateTime());
        Assert.False(gone.Has("public"));
        Assert.Equal("New", Entry(changes, "topic", renamed).GetProperty("public").GetString());
        // Unchanged but online: listed bare, so the client does not show it offline (Tinode's dummy entry).
        var unchanged = Entry(changes, "topic", quiet);
        Assert.True(unchanged.GetProperty("online").GetBoolean());
        Assert.False(unchanged.Has("public"));
        Assert.DoesNotContain(full.EnumerateArray(), s => s.Str("topic") == left);
        Assert.All(full.EnumerateArray(), s => Assert.False(s.Has("deleted")));
    }

    [Fact]
    public async Task Me_reports_a_p2p_chat_the_user_deleted_under_the_peers_name()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton<TimeProvider>(clock));
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");
        var cached = clock.GetUtcNow() + Step;
        clock.Advance(Step * 2);

        FrameAssert.Ctrl(await alice.LeaveAsync(bob.UserId!, unsub: true), 200, "ok");
        var id = await alice.SendGetAsync("me", "sub", SubSince(cached));
        var changes = (await alice.ExpectMetaAsync(id, "sub")).GetProperty("sub");

        Assert.True(Entry(changes, "topic", bob.UserId!).Has("deleted"));
    }

    [Fact]
    public async Task A_group_reports_members_who_left_since_the_cache_time()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton<TimeProvider>(clock));
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        await using var carol = await broker.UserAsync("carol");
        var topic = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await bob.SubAsync(topic), 200, "ok");
        FrameAssert.Ctrl(await carol.SubAsync(topic), 200, "ok");
        var cached = clock.GetUtcNow() + Step;
        clock.Advance(Step * 2);

        FrameAssert.Ctrl(await carol.LeaveAsync(topic, unsub: true), 200, "ok");
        var id = await alice.SendGetAsync(topic, "sub", SubSince(cached));
        var changes = (await alice.ExpectMetaAsync(id, "sub")).GetProperty("sub");
        var full = await alice.GetSubsAsync(topic);
        var older = await alice.SendGetAsync(topic, "sub", SubSince(clock.GetUtcNow() + Step));
        var later = (await alice.ExpectMetaAsync(older, "sub")).GetProperty("sub");

        var gone = Entry(changes, "user", carol.UserId!);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, gone.GetProperty("deleted").GetDateTime());
        Assert.False(gone.Has("acs"));
        var stayed = Entry(changes, "user", bob.UserId!);
        Assert.False(stayed.Has("public"));
        Assert.False(stayed.Has("deleted"));
        Assert.DoesNotContain(full.EnumerateArray(), s => s.Str("user") == carol.UserId);
        Assert.DoesNotContain(later.EnumerateArray(), s => s.Str("user") == carol.UserId);
    }
}
