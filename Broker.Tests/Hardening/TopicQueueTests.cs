using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Storage;
using Broker.Storage.InMemory;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Hardening;

/// <summary>
/// A topic whose queue is full makes a publisher wait (its socket is not read meanwhile) and answers 503 only when the
/// wait runs out; nothing is lost silently.
/// </summary>
public sealed class TopicQueueTests
{
    private const int Capacity = 16;
    private const int Burst = 100;

    [Fact]
    public async Task With_no_wait_a_full_topic_queue_answers_503_immediately_and_every_accepted_message_is_stored()
    {
        var backend = InMemoryBackend.Create();
        var gated = new GatedMessageStore(backend.Messages);
        var store = backend with { Messages = gated };
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton(store), "--Broker:TopicQueueCapacity=" + Capacity, "--Broker:TopicQueueWait=00:00:00");
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

    [Fact]
    public async Task A_publisher_faster_than_the_topic_is_slowed_down_and_every_message_is_stored_in_order()
    {
        var backend = InMemoryBackend.Create();
        var gated = new GatedMessageStore(backend.Messages);
        var store = backend with { Messages = gated };
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton(store), "--Broker:TopicQueueCapacity=" + Capacity, "--Broker:MaxPageSize=" + (Burst + 1));
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;

        gated.Close();
        var ids = new List<string>();
        for (var i = 0; i <= Burst; i++)
        {
            var id = alice.NextId();
            ids.Add(id);
            await alice.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = id, ["topic"] = group, ["content"] = "burst " + i } });
            if (i == 0)
            {
                await gated.Entered.Task.WaitAsync(TestClient.DefaultTimeout, TestContext.Current.CancellationToken);
            }
        }

        // Far more than the queue holds was sent while the store was stuck: none of it is refused, the session waits.
        gated.Open();
        var seqs = new List<long>();
        foreach (var id in ids)
        {
            var ctrl = await alice.CtrlAsync(id);
            Assert.Equal(202, ctrl.GetProperty("code").GetInt32());
            seqs.Add(ctrl.GetProperty("params").GetProperty("seq").GetInt64());
        }

        Assert.Equal(Enumerable.Range(1, Burst + 1).Select(i => (long)i), seqs);
        Assert.Equal(seqs, (await HistoryAsync(alice, group)).Order());
    }

    [Fact]
    public async Task A_request_that_waited_its_full_time_for_a_full_queue_is_answered_503()
    {
        var backend = InMemoryBackend.Create();
        var gated = new GatedMessageStore(backend.Messages);
        var store = backend with { Messages = gated };
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton(store), "--Broker:TopicQueueCapacity=" + Capacity, "--Broker:TopicQueueWait=00:00:00.200");
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;

        gated.Close();
        var ids = new List<string>();
        for (var i = 0; i < Capacity + 3; i++)
        {
            var id = alice.NextId();
            ids.Add(id);
            await alice.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = id, ["topic"] = group, ["content"] = "m" + i } });
            if (i == 0)
            {
                await gated.Entered.Task.WaitAsync(TestClient.DefaultTimeout, TestContext.Current.CancellationToken);
            }
        }

        // One publish is in the store, Capacity are queued; the last two wait in turn and are refused.
        foreach (var id in ids.TakeLast(2))
        {
            var refused = await alice.CtrlAsync(id);
            Assert.Equal(503, refused.GetProperty("code").GetInt32());
        }

        gated.Open();
        foreach (var id in ids.SkipLast(2))
        {
            Assert.Equal(202, (await alice.CtrlAsync(id)).GetProperty("code").GetInt32());
        }
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
