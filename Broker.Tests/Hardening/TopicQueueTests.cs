using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Storage;
using Broker.Storage.InMemory;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Hardening;

/// <summary>A topic whose queue is full answers publishers 503 at once; nothing is lost silently.</summary>
public sealed class TopicQueueTests
{
    private const int Capacity = 16;
    private const int Burst = 100;

    [Fact]
    public async Task A_full_topic_queue_answers_503_immediately_and_every_accepted_message_is_stored()
    {
        var backend = InMemoryBackend.Create();
        var gated = new GatedMessageStore(backend.Messages);
        var store = backend with { Messages = gated };
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton(store), "--Broker:TopicQueueCapacity=" + Capacity);
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;

        // The actor takes the first publish and blocks in the store: the queue now fills up.
        gated.Close();
        var ids = new List<string>();
        var first = alice.NextId();
        ids.Add(first);
        await alice.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = first, ["topic"] = group, ["content"] = "first" } });
        await gated.Entered.Task.WaitAsync(TestClient.DefaultTimeout, TestContext.Current.CancellationToken);
        for (var i = 0; i < Burst; i++)
        {
            var id = alice.NextId();
            ids.Add(id);
            await alice.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = id, ["topic"] = group, ["content"] = "burst " + i } });
        }

        // While the store still holds the batch, everything past the queue's capacity is already refused.
        var refused = new HashSet<string>();
        for (var i = 0; i < Burst - Capacity; i++)
        {
            var ctrl = await alice.ExpectFrameAsync("ctrl", c => c.GetProperty("code").GetInt32() == 503, "503 while the topic is busy");
            Assert.Equal("service unavailable", ctrl.GetProperty("text").GetString());
            Assert.Equal(group, ctrl.GetProperty("topic").GetString());
            refused.Add(ctrl.GetProperty("id").GetString()!);
        }

        gated.Open();
        var accepted = new List<long>();
        foreach (var id in ids.Where(id => !refused.Contains(id)))
        {
            var ctrl = await alice.CtrlAsync(id);
            Assert.Equal(202, ctrl.GetProperty("code").GetInt32());
            accepted.Add(ctrl.GetProperty("params").GetProperty("seq").GetInt64());
        }

        // Every publish got exactly one answer: accepted or refused, none lost.
        Assert.Equal(ids.Count, accepted.Count + refused.Count);
        Assert.Equal(Capacity + 1, accepted.Count);
        Assert.Equal(Enumerable.Range(1, Capacity + 1).Select(i => (long)i), accepted.Order());
        var history = await HistoryAsync(alice, group);
        Assert.Equal(accepted.Order(), history.Order());
    }

    private static async Task<List<long>> HistoryAsync(TestClient client, string topic)
    {
        var id = client.NextId();
        await client.SendAsync(new JsonObject { ["get"] = new JsonObject { ["id"] = id, ["topic"] = topic, ["what"] = "data" } });
        var done = await client.CtrlAsync(id);
        var count = done.GetProperty("params").GetProperty("count").GetInt32();
        var seqs = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var data = await client.ExpectFrameAsync("data", d => d.GetProperty("topic").GetString() == topic && !seqs.Contains(d.GetProperty("seq").GetInt64()), "history data");
            seqs.Add(data.GetProperty("seq").GetInt64());
        }

        return seqs;
    }
}
