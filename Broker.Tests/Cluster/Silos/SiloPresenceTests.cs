using Broker.Tests.Infrastructure;

namespace Broker.Tests.Cluster.Silos;

/// <summary>Presence across silos of one process (Orleans' TestingHost): online on one silo is online for a contact on another, and offline when that silo dies.</summary>
public sealed class SiloPresenceTests
{
    [Fact]
    public async Task A_user_online_on_one_silo_is_seen_online_by_a_contact_on_another_and_offline_when_the_silo_is_killed()
    {
        await using var silos = await BrokerSilos.StartAsync(3);
        var alice = await silos.UserAsync(0, "alice");
        await using var bob = await silos.UserAsync(1, "bob");
        try
        {
            // Contacts: a p2p topic between them.
            FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
            FrameAssert.Ctrl(await bob.SubAsync(alice.UserId!), 200, "ok");
            FrameAssert.Ctrl(await bob.SubAsync("me"), 200, "ok");
            FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");
            await bob.ExpectPresAsync("me", "on", alice.UserId);

            // Typing crosses silos too.
            await alice.NoteAsync(bob.UserId!, "kp");
            Assert.Equal(alice.UserId, (await bob.ExpectInfoAsync(alice.UserId!, "kp")).Str("from"));

            var aliceSilo = silos.Address(0);
            await silos.KillAsync(0);
            await silos.WaitDeadAsync(aliceSilo, TimeSpan.FromSeconds(20));
            await bob.ExpectPresAsync("me", "off", alice.UserId);
        }
        finally
        {
            await alice.DisposeAsync();
        }
    }
}
