using System.Text.Json;
using Broker.Storage;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Cluster.Silos;

/// <summary>
/// Two activations of one topic grain at once. One TestingHost cluster cannot be made to run two (its grain
/// directory is one in-process table), so two clusters share one store, as two halves of a split cluster would:
/// each activates its own grain for the group, and the fence in the append lets only the latest claim commit.
/// </summary>
public sealed class SiloFencingTests
{
    [Fact]
    public async Task Of_two_activations_only_the_one_that_claimed_last_commits_and_the_other_tells_its_sessions_to_subscribe_again()
    {
        await using var first = await BrokerSilos.StartAsync(1);
        await using var second = await BrokerSilos.StartAsync(1, storeOf: first);
        await using var onFirst = await first.UserAsync(0, "alice");
        var group = await onFirst.CreateGroupAsync();
        Assert.Equal(1, await onFirst.PubAsync(group, "one"));

        // The same user through the other cluster: its grain's actor claims the topic.
        await using var onSecond = await second.SessionOfAsync(0, onFirst);
        FrameAssert.Ctrl(await onSecond.SubAsync(group), 200, "ok");
        Assert.Equal(0, first.HostOf(group));
        Assert.Equal(0, second.HostOf(group));

        FrameAssert.Ctrl(await onFirst.PublishAsync(group, "two"), 503, "service unavailable");
        await onFirst.ExpectPresAsync("me", "term", group);
        Assert.Equal(2, await onSecond.PubAsync(group, "three"));

        // Subscribing again activates the grain anew in the first cluster, which claims the topic in turn.
        FrameAssert.Ctrl(await onFirst.SubAsync(group), 200, "ok");
        Assert.Equal(3, await onFirst.PubAsync(group, "four"));
        FrameAssert.Ctrl(await onSecond.PublishAsync(group, "five"), 503, "service unavailable");

        var stored = await first.Store.Messages.QueryAsync(group, 0, new MessageQuery(0, 0, 100), TestContext.Current.CancellationToken);
        Assert.Equal(["one", "three", "four"], stored.OrderBy(m => m.Seq).Select(m => JsonSerializer.Deserialize<string>(m.Content!)));
    }
}
