using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.EndToEnd;

/// <summary>
/// <c>{pub}</c> with <c>extra.idk</c>: a resend by the same user in the same topic within the window stores nothing,
/// is answered 202 with the first seq and <c>params.duplicate</c>, and is not delivered again.
/// </summary>
public sealed class IdempotentPublishTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("broker-idk-").FullName;

    private string DatabasePath => Path.Combine(folder, "broker.db");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_resend_is_answered_with_the_first_seq_as_a_duplicate_and_not_delivered_again()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var group = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await bob.SubAsync(group), 200, "ok");

        var first = await PubKeyedAsync(alice, group, "hello", "msg-1");
        var again = await PubKeyedAsync(alice, group, "hello (resent)", "msg-1");

        Assert.Equal((202, 1L, false), Outcome(first));
        Assert.Equal((202, 1L, true), Outcome(again));
        await bob.ExpectDataAsync(group, 1);
        await bob.AssertNoDataAsync(group, group);
        Assert.Equal(new long[] { 1 }, await bob.GetSeqsAsync(group));
        Assert.Equal(2, await alice.PubAsync(group, "next"));
    }

    [Fact]
    public async Task Keys_are_per_user_and_per_topic_and_a_message_without_one_is_never_a_duplicate()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        var group = await alice.CreateGroupAsync();
        var other = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await bob.SubAsync(group), 200, "ok");

        Assert.Equal((202, 1L, false), Outcome(await PubKeyedAsync(alice, group, "a", "same")));
        Assert.Equal((202, 2L, false), Outcome(await PubKeyedAsync(bob, group, "b", "same")));
        Assert.Equal((202, 1L, false), Outcome(await PubKeyedAsync(alice, other, "c", "same")));
        Assert.Equal(3, await alice.PubAsync(group, "a"));
        Assert.Equal(4, await alice.PubAsync(group, "a"));
    }

    [Fact]
    public async Task A_resend_from_a_new_connection_after_a_reconnect_is_a_duplicate()
    {
        await using var broker = await TestBroker.StartAsync();
        var alice = await broker.UserAsync("alice");
        var group = await alice.CreateGroupAsync();
        await using var watcher = await broker.SessionOfAsync(alice);
        FrameAssert.Ctrl(await watcher.SubAsync(group), 200, "ok");
        Assert.Equal((202, 1L, false), Outcome(await PubKeyedAsync(alice, group, "hello", "lost-ack")));
        await watcher.ExpectDataAsync(group, 1);
        await alice.DisposeAsync();

        await using var again = await broker.SessionOfAsync(alice);
        FrameAssert.Ctrl(await again.SubAsync(group), 200, "ok");
        Assert.Equal((202, 1L, true), Outcome(await PubKeyedAsync(again, group, "hello", "lost-ack")));

        await watcher.AssertNoDataAsync(group, group);
        Assert.Equal(new long[] { 1 }, await again.GetSeqsAsync(group));
    }

    [Fact]
    public async Task Resends_in_one_burst_are_stored_once()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var group = await alice.CreateGroupAsync();

        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var id = alice.NextId();
            ids.Add(id);
            await alice.SendAsync(KeyedPub(id, group, "burst", i % 2 == 0 ? "even" : "odd"));
        }

        var replies = new List<JsonElement>();
        foreach (var id in ids)
        {
            replies.Add(await alice.CtrlAsync(id));
        }

        Assert.All(replies, r => Assert.Equal(202, r.GetProperty("code").GetInt32()));
        Assert.Equal([1L, 2L], replies.Select(r => r.GetProperty("params").GetProperty("seq").GetInt64()).Distinct().Order());
        Assert.Equal(2, replies.Count(r => !IsDuplicate(r)));
        await alice.ExpectDataAsync(group, 1);
        await alice.ExpectDataAsync(group, 2);
        await alice.AssertNoDataAsync(group, group);
        Assert.Equal(new long[] { 2, 1 }, await alice.GetSeqsAsync(group));
    }

    [Fact]
    public async Task A_resend_after_the_window_is_stored_as_a_new_message()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton<TimeProvider>(clock), "--Broker:IdempotencyWindow=00:10:00");
        await using var alice = await broker.UserAsync("alice");
        var group = await alice.CreateGroupAsync();
        Assert.Equal((202, 1L, false), Outcome(await PubKeyedAsync(alice, group, "hello", "k")));

        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal((202, 1L, true), Outcome(await PubKeyedAsync(alice, group, "hello", "k")));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal((202, 2L, false), Outcome(await PubKeyedAsync(alice, group, "hello", "k")));
        Assert.Equal((202, 2L, true), Outcome(await PubKeyedAsync(alice, group, "hello", "k")));
    }

    [Theory]
    [InlineData(65)]
    [InlineData(0)]
    public async Task A_key_longer_than_64_characters_or_empty_is_refused_and_nothing_is_stored(int length)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var group = await alice.CreateGroupAsync();

        var refused = await PubKeyedAsync(alice, group, "x", new string('k', length));
        var longest = await PubKeyedAsync(alice, group, "y", new string('k', 64));

        FrameAssert.Ctrl(refused, 400, "malformed");
        Assert.Equal("idk", refused.GetProperty("params").GetProperty("what").GetString());
        Assert.Equal((202, 1L, false), Outcome(longest));
    }

    [Fact]
    public async Task A_resend_after_a_restart_on_sqlite_is_a_duplicate()
    {
        string group;
        await using (var broker = await TestBroker.StartAsync("--Storage:Provider=sqlite", "--Storage:Sqlite:Path=" + DatabasePath))
        {
            await using var alice = await broker.UserAsync("alice");
            group = await alice.CreateGroupAsync();
            Assert.Equal((202, 1L, false), Outcome(await PubKeyedAsync(alice, group, "before", "survives")));
            await broker.StopAsync();
        }

        await using var again = await TestBroker.StartAsync("--Storage:Provider=sqlite", "--Storage:Sqlite:Path=" + DatabasePath);
        await using var aliceAgain = await again.ConnectAsync();
        await aliceAgain.HiAsync();
        FrameAssert.Ctrl(await aliceAgain.LoginAsync("alice"), 200, "ok");
        FrameAssert.Ctrl(await aliceAgain.SubAsync(group), 200, "ok");

        Assert.Equal((202, 1L, true), Outcome(await PubKeyedAsync(aliceAgain, group, "before", "survives")));
        Assert.Equal((202, 2L, false), Outcome(await PubKeyedAsync(aliceAgain, group, "after", "new-key")));
        await aliceAgain.ExpectDataAsync(group, 2);
        await aliceAgain.AssertNoDataAsync(group, group);
        Assert.Equal(new long[] { 2, 1 }, await aliceAgain.GetSeqsAsync(group));
    }

    private static JsonObject KeyedPub(string id, string topic, string text, string key) => new()
    {
        ["pub"] = new JsonObject { ["id"] = id, ["topic"] = topic, ["content"] = text },
        ["extra"] = new JsonObject { ["idk"] = key },
    };

    private static async Task<JsonElement> PubKeyedAsync(TestClient client, string topic, string text, string key)
    {
        var id = client.NextId();
        await client.SendAsync(KeyedPub(id, topic, text, key));
        return await client.CtrlAsync(id);
    }

    private static bool IsDuplicate(JsonElement ctrl) =>
        ctrl.GetProperty("params").TryGetProperty("duplicate", out var duplicate) && duplicate.GetBoolean();

    private static (int Code, long Seq, bool Duplicate) Outcome(JsonElement ctrl) =>
        (ctrl.GetProperty("code").GetInt32(), ctrl.GetProperty("params").GetProperty("seq").GetInt64(), IsDuplicate(ctrl));
}
