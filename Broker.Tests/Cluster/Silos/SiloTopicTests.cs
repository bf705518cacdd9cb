using System.Text.Json;
using Broker.Storage;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Cluster.Silos;

/// <summary>
/// Topics as grains across silos of one process (Orleans' TestingHost): one owner per topic, one seq order for all,
/// and the topic back on a surviving silo after its silo stopped or died.
/// </summary>
public sealed class SiloTopicTests
{
    [Fact]
    public async Task Publishes_through_two_silos_into_one_topic_give_one_contiguous_order_seen_alike_on_both()
    {
        await using var silos = await BrokerSilos.StartAsync(2);
        await using var alice = await silos.UserAsync(0, "alice");
        await using var bob = await silos.UserAsync(1, "bob");
        var group = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await bob.SubAsync(group), 200, "ok");
        Assert.NotEqual(-1, silos.HostOf(group));

        await Task.WhenAll(alice.PubManyAsync(group, 10, n => $"a{n}"), bob.PubManyAsync(group, 10, n => $"b{n}"));
        var orders = new List<List<string>>();
        foreach (var client in new[] { alice, bob })
        {
            var order = new List<string>();
            for (var seq = 1; seq <= 20; seq++)
            {
                order.Add((await client.ExpectDataAsync(group, seq)).Str("content")!);
            }

            orders.Add(order);
        }

        Assert.Equal(20, orders[0].Distinct().Count());
        Assert.Equal(orders[0], orders[1]);
        Assert.Equal([.. Enumerable.Range(0, 10).Select(n => $"a{n}")], orders[0].Where(c => c[0] == 'a'));
        Assert.Equal([.. Enumerable.Range(0, 10).Select(n => $"b{n}")], orders[0].Where(c => c[0] == 'b'));
        var history = await bob.GetSeqsAsync(group);
        Assert.Equal([.. Enumerable.Range(1, 20).Select(i => (long)i)], history.Order());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_topic_whose_silo_dies_or_stops_comes_back_on_another_silo_with_contiguous_seqs_and_nothing_acknowledged_lost(bool kill)
    {
        await using var silos = await BrokerSilos.StartAsync(3);
        var clients = new List<TestClient>();
        for (var i = 0; i < 3; i++)
        {
            clients.Add(await silos.UserAsync(i, "user" + i));
        }

        try
        {
            var group = await clients[0].CreateGroupAsync();
            FrameAssert.Ctrl(await clients[1].SubAsync(group), 200, "ok");
            FrameAssert.Ctrl(await clients[2].SubAsync(group), 200, "ok");
            var host = silos.HostOf(group);
            Assert.NotEqual(-1, host);
            var address = silos.Address(host);
            var survivors = clients.Where((_, i) => i != host).ToList();

            // Acknowledged before the silo goes: seq → content.
            var acknowledged = new Dictionary<long, string>();
            foreach (var (client, i) in clients.Select((c, i) => (c, i)))
            {
                acknowledged[await client.PubAsync(group, $"before{i}")] = $"before{i}";
            }

            if (kill)
            {
                await silos.KillAsync(host);
                await silos.WaitDeadAsync(address, TimeSpan.FromSeconds(20));
            }
            else
            {
                await silos.StopAsync(host);
            }

            // The survivors' attachments were to the lost activation: they are told to subscribe again.
            foreach (var client in survivors)
            {
                await client.ExpectPresAsync("me", "term", group);
                FrameAssert.Ctrl(await client.SubAsync(group), 200, "ok");
            }

            Assert.NotEqual(-1, silos.HostOf(group));
            var replies = await Task.WhenAll(survivors.Select((client, i) => client.PubManyAsync(group, 5, n => $"after{i}-{n}")));
            for (var i = 0; i < replies.Length; i++)
            {
                for (var n = 0; n < replies[i].Count; n++)
                {
                    FrameAssert.Ctrl(replies[i][n], 202, "accepted");
                    acknowledged[replies[i][n].GetProperty("params").GetProperty("seq").GetInt64()] = $"after{i}-{n}";
                }
            }

            // Every acknowledged publish stored once, under the seq it was acknowledged with; no gap, nothing else.
            Assert.Equal([.. Enumerable.Range(1, 3 + 10).Select(i => (long)i)], acknowledged.Keys.Order());
            var stored = await silos.Store.Messages.QueryAsync(group, 0, new MessageQuery(0, 0, 100), TestContext.Current.CancellationToken);
            Assert.Equal(
                acknowledged.OrderBy(a => a.Key).Select(a => (a.Key, (string?)JsonSerializer.Serialize(a.Value))),
                stored.OrderBy(m => m.Seq).Select(m => (m.Seq, m.Content)));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
