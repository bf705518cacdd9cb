using Broker.Cluster;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Cluster.Silos;

/// <summary>
/// When a node dies, a session loses only the attachments that node made: one made since by the topic's actor on
/// the session's own node (the topic came back there after its old node stopped answering) is kept, with no
/// <c>term</c>. <c>ClusterFailoverTests</c> once saw every survivor's group terminated after it had subscribed again.
/// </summary>
public sealed class SiloAttachmentTests
{
    [Fact]
    public async Task A_node_that_dies_terminates_only_the_attachments_it_made_not_one_made_again_on_the_sessions_own_node()
    {
        await using var silos = await BrokerSilos.StartAsync(2);
        await using var alice = await silos.UserAsync(0, "alice");
        string group;
        for (var attempt = 0; ; attempt++)
        {
            Assert.True(attempt < 10, "no group of alice's was placed on her silo");
            group = await alice.CreateGroupAsync();
            if (silos.HostOf(group) == 0)
            {
                break;
            }
        }

        FrameAssert.Ctrl(await alice.LeaveAsync(group), 200, "ok");

        // Silo 1 says it attached alice's session to the group and to another topic, as the group's old node would have.
        var session = silos.SessionOf(alice);
        var lost = "grp" + Guid.NewGuid().ToString("N")[..11];
        var outbox = silos.Services(1).GetRequiredService<NodeOutboxes>().For(silos.Address(0));
        outbox.Enqueue(new NodeDelivery { Kind = NodeDeliveryKind.Attached, Topic = group, Sessions = [session.Id] });
        outbox.Enqueue(new NodeDelivery { Kind = NodeDeliveryKind.Attached, Topic = lost, Sessions = [session.Id] });
        await outbox.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(session.IsAttached(group) && session.IsAttached(lost));

        // alice subscribes again and the group's actor here attaches her.
        FrameAssert.Ctrl(await alice.SubAsync(group), 200, "ok");

        await silos.KillAsync(1);
        await alice.ExpectPresAsync("me", "term", lost);
        await alice.BarrierAsync(group);
        alice.AssertNotReceived("pres", p => p.Str("what") == "term" && p.Str("src") == group, "term for the group alice is attached to on her own node");
        Assert.True(session.IsAttached(group));
    }
}
