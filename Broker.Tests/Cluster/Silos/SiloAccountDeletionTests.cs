using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Cluster.Silos;

/// <summary>Account deletion across silos: the deleted user's sessions end on every node, not only where it was asked.</summary>
public sealed class SiloAccountDeletionTests
{
    [Fact]
    public async Task Deleting_an_account_evicts_the_users_sessions_on_every_silo()
    {
        await using var silos = await BrokerSilos.StartAsync(3);
        await using var alice = await silos.UserAsync(0, "alice");
        await using var alicePhone = await silos.SessionOfAsync(1, alice);
        await using var aliceTablet = await silos.SessionOfAsync(2, alice);
        await using var bob = await silos.UserAsync(1, "bob");
        FrameAssert.Ctrl(await alicePhone.SubAsync("me"), 200, "ok");

        FrameAssert.Ctrl(await alice.RequestAsync("del", new JsonObject { ["what"] = "user" }), 200, "ok");

        foreach (var device in new[] { alicePhone, aliceTablet })
        {
            var evicted = await device.ExpectFrameAsync("ctrl", c => c.GetProperty("code").GetInt32() == 205, "eviction on another silo");
            Assert.Equal("evicted", evicted.Str("text"));
            Assert.Equal(WebSocketCloseStatus.NormalClosure, await device.WaitClosedAsync());
        }

        // Another user on a silo where alice had a session stays connected.
        FrameAssert.Ctrl(await bob.SubAsync("me"), 200, "ok");
    }
}
