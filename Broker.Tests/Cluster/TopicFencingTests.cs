using System.Text.Json;
using Broker.Storage;
using Broker.Storage.InMemory;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Cluster;

/// <summary>
/// Two activations of one topic, as Orleans may briefly run during a membership change: two brokers over one store
/// each load their own actor for the same group. The one that loaded last claimed the topic; the older one's
/// publish is refused (503, never acknowledged), its sessions get <c>term</c>, and nothing it was asked is stored.
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
}
