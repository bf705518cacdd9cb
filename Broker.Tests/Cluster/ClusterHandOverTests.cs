using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Cluster;

/// <summary>
/// SIGTERM of one of three nodes hands its topics over: clients on the other nodes get no error, only Tinode's
/// <c>{pres what:"term"}</c> for a topic whose grain moved (they subscribe again), and every publish of theirs is
/// then accepted and stored once. Skipped without PostgreSQL.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class ClusterHandOverTests
{
    private const int Groups = 4;

    [Fact]
    public async Task A_node_stopped_with_SIGTERM_hands_its_topics_over_without_errors_for_the_other_nodes()
    {
        await using var nodes = await ClusterNodes.StartAsync(3);
        await using var alice = await UserAsync(nodes, 0, "alice");
        await using var bob = await UserAsync(nodes, 1, "bob");
        await using var carol = await UserAsync(nodes, 2, "carol");
        var groups = new List<string>();
        for (var i = 0; i < Groups; i++)
        {
            var group = await carol.CreateGroupAsync();
            FrameAssert.Ctrl(await alice.SubAsync(group), 200, "ok");
            FrameAssert.Ctrl(await bob.SubAsync(group), 200, "ok");
            await carol.PubAsync(group, "before");
            groups.Add(group);
        }

        await nodes.TerminateAsync(2);
        await nodes.WaitForDeadAsync(1, TimeSpan.FromSeconds(30));

        foreach (var client in new[] { alice, bob })
        {
            foreach (var group in groups)
            {
                var text = "after from " + client.UserId;
                var ctrl = await client.RequestAsync("pub", new JsonObject { ["topic"] = group, ["content"] = text });
                if (ctrl.GetProperty("code").GetInt32() == 409)
                {
                    // Refused only because the attachment moved with the topic, which the client was told.
                    await client.ExpectPresAsync("me", "term", group);
                    FrameAssert.Ctrl(await client.SubAsync(group), 200, "ok");
                    ctrl = await client.RequestAsync("pub", new JsonObject { ["topic"] = group, ["content"] = text });
                }

                Assert.True(ctrl.GetProperty("code").GetInt32() == 202, $"{group}: {ctrl.GetRawText()}");
            }
        }

        // Read back on a fresh session (the live ones hold the frames they got).
        await using var reader = await nodes.ConnectAsync(0);
        await reader.HiAsync();
        FrameAssert.Ctrl(await reader.LoginTokenAsync(alice.Token!), 200, "ok");
        foreach (var group in groups)
        {
            FrameAssert.Ctrl(await reader.SubAsync(group), 200, "ok");
            var seqs = await reader.GetSeqsAsync(group);
            Assert.Equal([1L, 2, 3], seqs.Order());
        }
    }

    private static async Task<TestClient> UserAsync(ClusterNodes nodes, int node, string login)
    {
        var client = await nodes.ConnectAsync(node);
        FrameAssert.Ctrl(await client.RegisterAsync(login + Guid.NewGuid().ToString("N")[..6]), 200, "ok");
        return client;
    }
}
