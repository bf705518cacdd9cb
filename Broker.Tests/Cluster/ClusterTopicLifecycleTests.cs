using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Cluster;

/// <summary>
/// A topic's grain deactivates when its actor unloads idle (nothing attached on any node); requests that race the
/// unload and the deactivation are neither lost nor reordered. Two broker processes, the topic idle after 1 ms.
/// Skipped without PostgreSQL.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class ClusterTopicLifecycleTests
{
    [Fact]
    public async Task Requests_racing_a_topic_unload_and_its_grain_deactivation_are_served_in_order()
    {
        await using var nodes = await ClusterNodes.StartAsync(2, "--Broker:TopicIdleTimeout=00:00:00.001");
        await using var alice = await nodes.ConnectAsync(0);
        FrameAssert.Ctrl(await alice.RegisterAsync("alice" + Guid.NewGuid().ToString("N")[..6]), 200, "ok");
        await using var bob = await nodes.ConnectAsync(1);
        FrameAssert.Ctrl(await bob.RegisterAsync("bob" + Guid.NewGuid().ToString("N")[..6]), 200, "ok");
        var topic = await alice.CreateGroupAsync();
        await alice.PubAsync(topic, "kept", noEcho: true);
        FrameAssert.Ctrl(await alice.LeaveAsync(topic), 200, "ok");

        // Nobody attached: after each request the topic unloads and its grain deactivates while the next ones arrive.
        const int rounds = 60;
        var ids = new List<string>();
        for (var i = 0; i < rounds; i++)
        {
            ids.Add(await alice.SendGetAsync(topic, "desc"));
            await bob.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = "p" + i, ["topic"] = topic, ["content"] = "x" } });
        }

        foreach (var id in ids)
        {
            var reply = await alice.ExpectAsync(f => (f.TryGetProperty("meta", out var m) && m.Str("id") == id)
                || (f.TryGetProperty("ctrl", out var c) && c.Str("id") == id), $"reply to get {id}");
            Assert.True(reply.TryGetProperty("meta", out var meta), "expected meta, got " + reply.GetRawText());
            Assert.Equal(1, meta.GetProperty("desc").Long("seq"));
        }

        for (var i = 0; i < rounds; i++)
        {
            FrameAssert.Ctrl(await bob.CtrlAsync("p" + i), 409, "must attach first");
        }

        // Pipelined sub, pub, leave from another node: each round reloads the topic, in the order sent.
        for (var i = 0; i < 20; i++)
        {
            await bob.SendAsync(new JsonObject { ["sub"] = new JsonObject { ["id"] = "s" + i, ["topic"] = topic } });
            await bob.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = "q" + i, ["topic"] = topic, ["content"] = "r" + i, ["noecho"] = true } });
            await bob.SendAsync(new JsonObject { ["leave"] = new JsonObject { ["id"] = "l" + i, ["topic"] = topic } });
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(200, (await bob.CtrlAsync("s" + i)).GetProperty("code").GetInt32());
            var pub = await bob.CtrlAsync("q" + i);
            Assert.Equal(202, pub.GetProperty("code").GetInt32());
            Assert.Equal(i + 2, pub.GetProperty("params").GetProperty("seq").GetInt64());
            Assert.Equal(200, (await bob.CtrlAsync("l" + i)).GetProperty("code").GetInt32());
        }
    }
}
