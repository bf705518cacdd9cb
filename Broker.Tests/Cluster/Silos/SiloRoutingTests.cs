using Broker.Admin;
using Broker.Protocol.Names;
using Broker.Tests.Infrastructure;
using Broker.Topics;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Cluster.Silos;

/// <summary>Requests that do not come from an attached session reach the topic's one owner, wherever it lives.</summary>
public sealed class SiloRoutingTests
{
    [Fact]
    public async Task Admin_commands_sent_on_another_silo_are_handled_by_the_topics_owner_and_load_no_second_actor()
    {
        await using var silos = await BrokerSilos.StartAsync(2);
        await using var alice = await silos.UserAsync(0, "alice");
        await using var bob = await silos.UserAsync(1, "bob");
        var group = await alice.CreateGroupAsync();
        var host = silos.HostOf(group);
        var elsewhere = silos.Services(1 - host).GetRequiredService<AdminDispatcher>();
        var target = new TopicTarget(group, TopicCategory.Group, group);
        var ct = TestContext.Current.CancellationToken;
        static long BobId(TestClient bob) => UserId.TryParse(bob.UserId, out var id) ? id.Value : throw new InvalidOperationException(bob.UserId);

        var added = await elsewhere.SendAsync(new AdminSetMemberCommand(target, BobId(bob), null), ct);
        Assert.Equal(201, added.Status);
        Assert.Equal(bob.UserId, Assert.IsType<MemberView>(added.Value).User);
        var got = await elsewhere.SendAsync(new AdminGetTopicCommand(target), ct);
        Assert.Equal(200, got.Status);
        Assert.Equal(new[] { alice.UserId!, bob.UserId! }.Order(), Assert.IsType<TopicView>(got.Value).Members.Select(m => m.User).Order());
        Assert.Equal(1, silos.LoadedCount(group));

        // Bob, now a member, publishes; a member removed through the other silo is evicted by the owner.
        FrameAssert.Ctrl(await bob.SubAsync(group), 200, "ok");
        Assert.Equal(1, await bob.PubAsync(group, "hi"));
        var removed = await elsewhere.SendAsync(new AdminRemoveMemberCommand(target, BobId(bob)), ct);
        Assert.Equal(204, removed.Status);
        var evicted = await bob.ExpectFrameAsync("ctrl", c => c.Str("topic") == group && c.GetProperty("code").GetInt32() == 205, "eviction from the group");
        Assert.Equal("evicted", evicted.Str("text"));
        Assert.Equal(1, silos.LoadedCount(group));

        var deleted = await elsewhere.SendAsync(new AdminDeleteTopicCommand(target), ct);
        Assert.Equal(204, deleted.Status);
        Assert.Equal(404, (await elsewhere.SendAsync(new AdminGetTopicCommand(target), ct)).Status);
    }

    [Fact]
    public async Task The_emc_gateways_hand_over_on_a_silo_that_does_not_host_the_topic_is_stored_and_delivered_by_its_owner()
    {
        await using var silos = await BrokerSilos.StartAsync(2);
        await using var agent = await silos.UserAsync(0, "agent");
        var ct = TestContext.Current.CancellationToken;
        var name = TopicNames.NewEmcGroupName();
        var target = new TopicTarget(name, TopicCategory.Emc, name);
        var agentId = UserId.TryParse(agent.UserId, out var id) ? id.Value : throw new InvalidOperationException(agent.UserId);
        var created = await silos.Services(1).GetRequiredService<AdminDispatcher>().SendAsync(
            new AdminCreateGroupCommand(target with { IsNew = true }, 0, null, new Broker.Protocol.Access.DefaultAccess(default, default), [],
                [(agentId, EmcAccess.Agent)]), ct);
        Assert.Equal(201, created.Status);
        FrameAssert.Ctrl(await agent.SubAsync(name), 200, "ok");
        var host = silos.HostOf(name);
        var elsewhere = silos.Services(1 - host).GetRequiredService<AdminDispatcher>();

        var head = EmcHead.Inbound(null, "sms", "+15550100", null);
        var posted = await elsewhere.SendAsync(new AdminEmcInboundCommand(target, head, "\"hello\"", "ext-1"), ct);
        Assert.Equal(201, posted.Status);
        Assert.Equal(1, Assert.IsType<EmcPostedView>(posted.Value).Seq);
        Assert.Equal("hello", (await agent.ExpectDataAsync(name, 1)).Str("content"));

        // The gateway's retry of the same message is recognised by the owner: stored once.
        var again = await elsewhere.SendAsync(new AdminEmcInboundCommand(target, head, "\"hello\"", "ext-1"), ct);
        Assert.Equal(200, again.Status);
        Assert.True(Assert.IsType<EmcPostedView>(again.Value).Duplicate);
        Assert.Equal(1, silos.LoadedCount(name));
    }
}
