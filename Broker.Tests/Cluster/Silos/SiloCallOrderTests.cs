using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Cluster;
using Broker.Protocol.Names;
using Broker.Storage;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Cluster.Silos;

/// <summary>
/// A call to a topic that timed out (its requests answered 504) must not be overtaken: the sender goes on with the
/// next call at once, and a late call that arrives after a later one of the same node is dropped by the grain.
/// </summary>
public sealed class SiloCallOrderTests
{
    [Fact]
    public async Task A_batch_arriving_after_a_later_one_from_the_same_node_is_dropped_and_the_order_kept()
    {
        await using var silos = await BrokerSilos.StartAsync(2);
        await using var alice = await silos.UserAsync(0, "alice");
        var group = await alice.CreateGroupAsync();
        var session = silos.SessionOf(alice);
        var origin = new SessionRef
        {
            Node = silos.Address(0), SessionId = session.Id, User = session.User.Value, AuthLevel = (int)session.AuthLevel, CanAttachAnother = true,
        };

        // Batches of a node of their own (so the real senders' numbers play no part), sent straight to the grain.
        var node = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 1), 1);
        var grain = silos.Services(1).GetRequiredService<IGrainFactory>().GetGrain<ITopicGrain>(group);
        TopicCall Pub(string id, string content) => new()
        {
            Kind = TopicCallKind.Frame,
            Session = origin,
            Routable = group,
            Category = (int)TopicCategory.Group,
            ClientName = group,
            Frame = Encoding.UTF8.GetBytes(new JsonObject { ["pub"] = new JsonObject { ["id"] = id, ["topic"] = group, ["content"] = content } }.ToJsonString()),
        };

        await grain.DeliverAsync(node, 11, [Pub("a", "first")]);
        await grain.DeliverAsync(node, 13, [Pub("c", "third")]);
        await grain.DeliverAsync(node, 12, [Pub("b", "second, timed out and overtaken")]);
        await grain.DeliverAsync(node, 14, [Pub("d", "fourth")]);

        long SeqOf(JsonElement ctrl)
        {
            FrameAssert.Ctrl(ctrl, 202, "accepted");
            return ctrl.GetProperty("params").GetProperty("seq").GetInt64();
        }

        var seqs = new List<long> { SeqOf(await alice.CtrlAsync("a")), SeqOf(await alice.CtrlAsync("c")), SeqOf(await alice.CtrlAsync("d")) };
        Assert.Equal([1, 2, 3], seqs);
        await alice.BarrierAsync(group);
        alice.AssertNotReceived("ctrl", c => c.Str("id") == "b", "a reply to the overtaken publish");
        var stored = await silos.Store.Messages.QueryAsync(group, 0, new MessageQuery(0, 0, 100), TestContext.Current.CancellationToken);
        Assert.Equal(["first", "third", "fourth"], stored.OrderBy(m => m.Seq).Select(m => JsonSerializer.Deserialize<string>(m.Content!)));
    }
}
