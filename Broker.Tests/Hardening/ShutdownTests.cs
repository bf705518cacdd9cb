using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Broker.Protocol.Names;
using Broker.Storage;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Hardening;

/// <summary>Graceful shutdown: every session hears 205 "server shutdown" then a close; acknowledged messages are stored.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task StopAsync_tells_every_session_205_then_closes_and_keeps_every_acknowledged_message()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:ShutdownTimeout=00:00:05", "--Broker:RateLimit:PubPerSecond=0", "--Broker:RateLimit:FramesPerSecond=0");
        await using var alice = await broker.ConnectAsync();
        await using var bob = await broker.ConnectAsync();
        await using var guest = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        await bob.RegisterAsync("bob");
        await guest.HiAsync();
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;
        await bob.SubAsync(group);
        var store = broker.Services.GetRequiredService<StorageBackend>();

        // Publishes still in flight when the server stops: whatever was acknowledged must be stored.
        var ids = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var id = alice.NextId();
            ids.Add(id);
            await alice.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = id, ["topic"] = group, ["content"] = "m" + i } });
        }

        var watch = Stopwatch.StartNew();
        await broker.StopAsync();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {watch.Elapsed}");

        foreach (var client in new[] { alice, bob, guest })
        {
            var ctrl = await client.ExpectFrameAsync("ctrl", c => c.GetProperty("code").GetInt32() == 205, "205 server shutdown");
            Assert.Equal("server shutdown", ctrl.GetProperty("text").GetString());
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await client.WaitClosedAsync());
        }

        var acknowledged = new List<long>();
        foreach (var frame in alice.Received())
        {
            if (frame.TryGetProperty("ctrl", out var ctrl) && ctrl.GetProperty("code").GetInt32() == 202)
            {
                acknowledged.Add(ctrl.GetProperty("params").GetProperty("seq").GetInt64());
            }
        }

        Assert.True(UserId.TryParse(alice.UserId, out var aliceId));
        var stored = await store.Messages.QueryAsync(group, aliceId.Value, new MessageQuery(0, 0, 1000), TestContext.Current.CancellationToken);
        var storedSeqs = stored.Select(m => m.Seq).ToHashSet();
        Assert.All(acknowledged, seq => Assert.Contains(seq, storedSeqs));
    }

    [Fact]
    public async Task StopAsync_waits_for_the_batch_a_topic_is_storing_and_what_is_queued_behind_it()
    {
        var backend = Broker.Storage.InMemory.InMemoryBackend.Create();
        var gated = new GatedMessageStore(backend.Messages);
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton(backend with { Messages = gated }), "--Broker:ShutdownTimeout=00:00:30");
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;
        gated.Close();
        await alice.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = "held", ["topic"] = group, ["content"] = "held" } });
        await gated.Entered.Task.WaitAsync(TestClient.DefaultTimeout, TestContext.Current.CancellationToken);
        for (var i = 0; i < 5; i++)
        {
            await alice.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = "queued" + i, ["topic"] = group, ["content"] = "queued" } });
        }

        await alice.HiAsync(); // answered after the publishes before it were read and queued to the topic
        var stopping = broker.StopAsync();
        await alice.ExpectFrameAsync("ctrl", c => c.GetProperty("code").GetInt32() == 205, "205 server shutdown");
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await alice.WaitClosedAsync());

        Assert.False(stopping.IsCompleted, "shutdown finished while a topic was still storing a batch");
        gated.Open();
        await stopping.WaitAsync(TestClient.DefaultTimeout, TestContext.Current.CancellationToken);

        Assert.True(UserId.TryParse(alice.UserId, out var aliceId));
        var stored = await backend.Messages.QueryAsync(group, aliceId.Value, new MessageQuery(0, 0, 100), TestContext.Current.CancellationToken);
        Assert.Equal([1L, 2, 3, 4, 5, 6], stored.Select(m => m.Seq).Order());
    }

    [Fact]
    public async Task After_StopAsync_no_new_connection_is_accepted()
    {
        await using var broker = await TestBroker.StartAsync();
        var uri = broker.WebSocketUri;
        await broker.StopAsync();

        var (status, _) = await UpgradeAttempt.TryAsync(uri);

        Assert.NotEqual(101, status);
    }
}
