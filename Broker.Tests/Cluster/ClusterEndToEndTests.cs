using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Cluster;

/// <summary>
/// Three broker processes in one cluster over one PostgreSQL, clients on different nodes: what a user sees must be
/// what one node gives (issue 10). Skipped without <c>BROKER_TEST_POSTGRES</c>.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class ClusterEndToEndTests
{
    private static async Task<TestClient> UserAsync(ClusterNodes nodes, int node, string login)
    {
        var client = await nodes.ConnectAsync(node);
        FrameAssert.Ctrl(await client.RegisterAsync(login + Guid.NewGuid().ToString("N")[..6]), 200, "ok");
        return client;
    }

    /// <summary>Another session (device) of <paramref name="of"/> on <paramref name="node"/>, logged in with its token.</summary>
    private static async Task<TestClient> DeviceAsync(ClusterNodes nodes, int node, TestClient of)
    {
        var client = await nodes.ConnectAsync(node);
        await client.HiAsync();
        FrameAssert.Ctrl(await client.LoginTokenAsync(of.Token!), 200, "ok");
        return client;
    }

    [Fact]
    public async Task Clients_on_three_nodes_share_groups_p2p_presence_typing_and_devices()
    {
        await using var nodes = await ClusterNodes.StartAsync(3);
        await using var alice = await UserAsync(nodes, 0, "alice");
        await using var bob = await UserAsync(nodes, 1, "bob");
        await using var carol = await UserAsync(nodes, 2, "carol");

        // A group created on node 0, joined from nodes 1 and 2; everyone publishes at once.
        var group = await alice.CreateGroupAsync();
        FrameAssert.Ctrl(await bob.SubAsync(group), 200, "ok");
        FrameAssert.Ctrl(await carol.SubAsync(group), 200, "ok");
        await alice.ExpectPresAsync(group, "on", bob.UserId);
        await alice.ExpectPresAsync(group, "on", carol.UserId);

        TestClient[] members = [alice, bob, carol];
        await Task.WhenAll(members.Select((client, i) => client.PubManyAsync(group, 5, n => $"m{i}-{n}")));
        var seen = new List<List<string>>();
        foreach (var client in members)
        {
            var order = new List<string>();
            for (var seq = 1; seq <= 15; seq++)
            {
                order.Add((await client.ExpectDataAsync(group, seq)).Str("content")!);
            }

            seen.Add(order);
        }

        Assert.Equal(15, seen[0].Distinct().Count());
        Assert.Equal(seen[0], seen[1]);
        Assert.Equal(seen[0], seen[2]);
        var (history, _) = await carol.GetDataAsync(group);
        Assert.Equal([.. Enumerable.Range(1, 15).Select(i => (long)i)], history.Select(d => d.GetProperty("seq").GetInt64()).Order());
        Assert.Equal(seen[0], history.OrderBy(d => d.GetProperty("seq").GetInt64()).Select(d => d.Str("content")));

        // p2p between nodes 0 and 1, typing included.
        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
        FrameAssert.Ctrl(await bob.SubAsync(alice.UserId!), 200, "ok");
        var p2pSeq = await alice.PubAsync(bob.UserId!, "hello bob");
        Assert.Equal("hello bob", (await bob.ExpectDataAsync(alice.UserId!, p2pSeq)).Str("content"));
        await bob.NoteAsync(alice.UserId!, "kp");
        var typing = await alice.ExpectInfoAsync(bob.UserId!, "kp");
        Assert.Equal(bob.UserId, typing.Str("from"));

        // Presence: bob (node 1) sees alice come online on node 0 and go offline, through me on whichever node hosts it.
        FrameAssert.Ctrl(await bob.SubAsync("me"), 200, "ok");
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");
        await bob.ExpectPresAsync("me", "on", alice.UserId);

        // A second device of alice on node 2: the group reaches both devices; alice stays online until both leave me.
        await using var alicePhone = await DeviceAsync(nodes, 2, alice);
        FrameAssert.Ctrl(await alicePhone.SubAsync(group), 200, "ok");
        FrameAssert.Ctrl(await alicePhone.SubAsync("me"), 200, "ok");
        var seq16 = await carol.PubAsync(group, "to both devices");
        Assert.Equal(16, seq16);
        await alice.ExpectDataAsync(group, 16);
        await alicePhone.ExpectDataAsync(group, 16);
        FrameAssert.Ctrl(await alice.LeaveAsync("me"), 200, "ok");
        await bob.AssertNoPresAsync("me", "me", "off", alice.UserId);
        FrameAssert.Ctrl(await alicePhone.LeaveAsync("me"), 200, "ok");
        await bob.ExpectPresAsync("me", "off", alice.UserId);

        // The admin API answers on any node with all three.
        for (var node = 0; node < 3; node++)
        {
            using var admin = nodes.Admin(node);
            var (status, body) = await admin.GetAsync("v0/admin/cluster");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(body.GetProperty("enabled").GetBoolean());
            var listed = body.GetProperty("nodes").EnumerateArray().Where(n => n.Str("status") == "Active").ToList();
            Assert.Equal(3, listed.Count);
            Assert.All(listed, n => Assert.Equal(JsonValueKind.Number, n.GetProperty("sessions").ValueKind));
            Assert.Equal(4, listed.Sum(n => n.GetProperty("sessions").GetInt32()));
        }
    }
}
