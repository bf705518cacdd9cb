using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Protocol.Access;
using Broker.Protocol.Names;
using Broker.Storage;
using Broker.Storage.InMemory;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Cluster;

/// <summary>
/// Two activations of one topic, as Orleans may briefly run during a membership change: two brokers over one store
/// each load their own actor for the same group. The one that loaded last claimed the topic; the older one's
/// write is refused (503, never acknowledged), its sessions get <c>term</c>, and nothing it was asked is stored:
/// publishes, descriptions, message deletes and subscription changes alike.
/// </summary>
public sealed class TopicFencingTests
{
    [Fact]
    public async Task The_older_activation_acknowledges_nothing_and_tells_its_sessions_to_subscribe_again()
    {
        var shared = InMemoryBackend.Create();
        await using var older = await TestBroker.StartAsync(builder => builder.Services.AddSingleton(shared));
        await using var newer = await TestBroker.StartAsync(builder => builder.Services.AddSingleton(shared));

        await using var onOlder = await older.UserAsync("alice");
        var group = await onOlder.CreateGroupAsync();
        Assert.Equal(1, await onOlder.PubAsync(group, "one"));

        // The same user on the other broker: its actor for the group claims the topic.
        await using var onNewer = await newer.ConnectAsync();
        await onNewer.HiAsync();
        FrameAssert.Ctrl(await onNewer.LoginAsync("alice"), 200, "ok");
        FrameAssert.Ctrl(await onNewer.SubAsync(group), 200, "ok");

        var refused = await onOlder.PublishAsync(group, "two");
        FrameAssert.Ctrl(refused, 503, "service unavailable");
        await onOlder.ExpectPresAsync("me", "term", group);

        Assert.Equal(2, await onNewer.PubAsync(group, "three"));
        var stored = await shared.Messages.QueryAsync(group, 0, new MessageQuery(0, 0, 100), TestContext.Current.CancellationToken);
        Assert.Equal([JsonSerializer.Serialize("one"), JsonSerializer.Serialize("three")], stored.OrderBy(m => m.Seq).Select(m => m.Content));

        // Subscribing again reaches a live activation: on the older broker a fresh actor claims the topic in turn.
        FrameAssert.Ctrl(await onOlder.SubAsync(group), 200, "ok");
        Assert.Equal(3, await onOlder.PubAsync(group, "four"));
        FrameAssert.Ctrl(await onNewer.PublishAsync(group, "five"), 503, "service unavailable");
    }

    [Fact]
    public async Task A_description_set_on_the_older_activation_is_refused_and_the_newer_ones_stays()
    {
        await using var pair = await TwoActivations.StartAsync();
        await pair.ClaimOnNewerAsync();
        FrameAssert.Ctrl(await pair.OnNewer.SetAsync(pair.Group, Desc("newer")), 200, "ok");

        FrameAssert.Ctrl(await pair.OnOlder.SetAsync(pair.Group, Desc("older")), 503, "service unavailable");
        await pair.OnOlder.ExpectPresAsync("me", "term", pair.Group);

        Assert.Equal("newer", (await pair.Shared.Topics.GetAsync(pair.Group, Ct))!.Public is { } stored ? JsonNode.Parse(stored)!["fn"]!.GetValue<string>() : null);
        Assert.Equal("newer", (await pair.OnNewer.GetDescAsync(pair.Group)).GetProperty("public").GetProperty("fn").GetString());

        // Subscribing again reaches a live activation, which shows the newer description.
        FrameAssert.Ctrl(await pair.OnOlder.SubAsync(pair.Group), 200, "ok");
        Assert.Equal("newer", (await pair.OnOlder.GetDescAsync(pair.Group)).GetProperty("public").GetProperty("fn").GetString());
    }

    [Fact]
    public async Task A_message_delete_on_the_older_activation_is_refused_and_the_message_stays()
    {
        await using var pair = await TwoActivations.StartAsync();
        await pair.ClaimOnNewerAsync();

        FrameAssert.Ctrl(await pair.OnOlder.DelMsgAsync(pair.Group, hard: true, 1), 503, "service unavailable");
        await pair.OnOlder.ExpectPresAsync("me", "term", pair.Group);

        Assert.Equal(0, (await pair.Shared.Topics.GetAsync(pair.Group, Ct))!.DelId);
        AssertContents(["one"], await pair.Shared.Messages.QueryAsync(pair.Group, 0, new MessageQuery(0, 0, 100), Ct));
        var visible = await pair.OnNewer.GetSeqsAsync(pair.Group);
        Assert.Equal([1L], visible);

        // The newer activation deletes as asked: its del id is the topic's first.
        var deleted = await pair.OnNewer.DelMsgAsync(pair.Group, hard: true, 1);
        FrameAssert.Ctrl(deleted, 200, "ok");
        Assert.Equal(1, (await pair.Shared.Topics.GetAsync(pair.Group, Ct))!.DelId);
    }

    [Fact]
    public async Task A_subscription_change_on_the_older_activation_is_refused_and_the_member_keeps_its_mode()
    {
        await using var pair = await TwoActivations.StartAsync();
        await using var bob = await pair.Older.UserAsync("bob");
        FrameAssert.Ctrl(await bob.SubAsync(pair.Group), 200, "ok");
        Assert.True(UserId.TryParse(bob.UserId, out var bob64));
        var bobId = bob64.Value;
        var before = await pair.Shared.Subscriptions.GetAsync(pair.Group, bobId, Ct);
        await pair.ClaimOnNewerAsync();

        FrameAssert.Ctrl(await pair.OnOlder.SetSubAsync(pair.Group, bob.UserId, "JR"), 503, "service unavailable");
        await pair.OnOlder.ExpectPresAsync("me", "term", pair.Group);
        await bob.ExpectPresAsync("me", "term", pair.Group);

        Assert.Equal(before, await pair.Shared.Subscriptions.GetAsync(pair.Group, bobId, Ct));
        Assert.NotEqual(Mode("JR"), before!.Given);

        // The newer activation changes the mode as asked.
        FrameAssert.Ctrl(await pair.OnNewer.SetSubAsync(pair.Group, bob.UserId, "JR"), 200, "ok");
        Assert.Equal(Mode("JR"), (await pair.Shared.Subscriptions.GetAsync(pair.Group, bobId, Ct))!.Given);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AccessMode Mode(string text) => AccessModes.TryParse(text, out var mode) ? mode : throw new ArgumentException(text);

    private static JsonObject Desc(string fn) => new() { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = fn } } };

    private static void AssertContents(string[] expected, IReadOnlyList<StoredMessage> stored) =>
        Assert.Equal(expected.Select(text => JsonSerializer.Serialize(text)), stored.OrderBy(m => m.Seq).Select(m => m.Content));

    /// <summary>
    /// Two brokers over one store; alice created a group on the older one (its actor claimed the topic) and published
    /// "one". <see cref="ClaimOnNewerAsync"/> has alice subscribe on the newer one, whose actor claims the topic in turn.
    /// </summary>
    private sealed class TwoActivations : IAsyncDisposable
    {
        private TestClient? onNewer;

        private TwoActivations(StorageBackend shared, TestBroker older, TestBroker newer, TestClient onOlder, string group)
        {
            Shared = shared;
            Older = older;
            Newer = newer;
            OnOlder = onOlder;
            Group = group;
        }

        public StorageBackend Shared { get; }

        public TestBroker Older { get; }

        public TestBroker Newer { get; }

        public TestClient OnOlder { get; }

        public TestClient OnNewer => onNewer ?? throw new InvalidOperationException("the newer activation has not claimed the topic");

        public string Group { get; }

        public static async Task<TwoActivations> StartAsync()
        {
            var shared = InMemoryBackend.Create();
            var older = await TestBroker.StartAsync(builder => builder.Services.AddSingleton(shared));
            var newer = await TestBroker.StartAsync(builder => builder.Services.AddSingleton(shared));
            var onOlder = await older.UserAsync("alice");
            var group = await onOlder.CreateGroupAsync();
            Assert.Equal(1, await onOlder.PubAsync(group, "one"));
            return new TwoActivations(shared, older, newer, onOlder, group);
        }

        public async Task ClaimOnNewerAsync()
        {
            onNewer = await Newer.ConnectAsync();
            await onNewer.HiAsync();
            FrameAssert.Ctrl(await onNewer.LoginAsync("alice"), 200, "ok");
            FrameAssert.Ctrl(await onNewer.SubAsync(Group), 200, "ok");
        }

        public async ValueTask DisposeAsync()
        {
            if (onNewer is not null)
            {
                await onNewer.DisposeAsync();
            }

            await OnOlder.DisposeAsync();
            await Newer.DisposeAsync();
            await Older.DisposeAsync();
        }
    }
}
