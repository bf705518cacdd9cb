using System.Net;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Cluster;

/// <summary>
/// Server-side routes that reach a topic without a client's request must go through the topic's one owner too, as
/// clients' requests do: a node must not load a second actor of a topic that lives elsewhere. Skipped without
/// <c>BROKER_TEST_POSTGRES</c>.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class ClusterRoutingTests
{
    [Fact]
    public async Task Deleting_an_account_on_one_node_drops_it_from_groups_hosted_on_the_others()
    {
        await using var nodes = await ClusterNodes.StartAsync(3);
        await using var bob = await nodes.ConnectAsync(1);
        FrameAssert.Ctrl(await bob.RegisterAsync("bob" + Guid.NewGuid().ToString("N")[..6]), 200, "ok");
        await using var alice = await nodes.ConnectAsync(0);
        FrameAssert.Ctrl(await alice.RegisterAsync("alice" + Guid.NewGuid().ToString("N")[..6]), 200, "ok");

        // Several groups, so that some live on another node than alice's whichever way the grains are placed.
        var groups = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var group = await bob.CreateGroupAsync();
            FrameAssert.Ctrl(await alice.SubAsync(group), 200, "ok");
            Assert.Equal(1, await alice.PubAsync(group, "hello from alice"));
            groups.Add(group);
        }

        FrameAssert.Ctrl(await alice.RequestAsync("del", new JsonObject { ["what"] = "user" }), 200, "ok");

        foreach (var group in groups)
        {
            // The topic's owner dropped alice itself: its members are current, and it still accepts publishes (a
            // second actor on alice's node would have taken the topic over and stopped this one).
            var subs = await bob.GetSubsAsync(group);
            Assert.DoesNotContain(subs.EnumerateArray(), s => s.Str("user") == alice.UserId);
            Assert.Equal(2, await bob.PubAsync(group, "alice is gone"));
        }
    }

    [Fact]
    public async Task An_admin_publish_on_any_node_is_stored_and_fanned_out_by_the_topics_owner()
    {
        await using var nodes = await ClusterNodes.StartAsync(3);
        await using var bob = await nodes.ConnectAsync(1);
        FrameAssert.Ctrl(await bob.RegisterAsync("bob" + Guid.NewGuid().ToString("N")[..6]), 200, "ok");
        await using var alice = await nodes.ConnectAsync(0);
        FrameAssert.Ctrl(await alice.RegisterAsync("alice" + Guid.NewGuid().ToString("N")[..6]), 200, "ok");
        var groups = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var group = await bob.CreateGroupAsync();
            FrameAssert.Ctrl(await alice.SubAsync(group), 200, "ok");
            Assert.Equal(1, await bob.PubAsync(group, "first"));
            groups.Add(group);
        }

        foreach (var group in groups)
        {
            // Every node's admin API: at least two of the three are not the group's owner.
            for (var node = 0; node < 3; node++)
            {
                using var admin = nodes.Admin(node);
                var (status, body) = await admin.PostAsync($"v0/admin/topics/{group}/messages", new JsonObject { ["content"] = $"notice {node}" });
                Assert.Equal(HttpStatusCode.Accepted, status);
                var seq = body.GetProperty("seq").GetInt64();
                Assert.Equal(2 + node, seq);
                Assert.Equal($"notice {node}", (await bob.ExpectDataAsync(group, seq)).Str("content"));
                Assert.Equal($"notice {node}", (await alice.ExpectDataAsync(group, seq)).Str("content"));
            }

            // The owner was never displaced by a second actor: its members' publishes are still accepted.
            Assert.Equal(5, await alice.PubAsync(group, "after the notices"));
        }
    }
}
