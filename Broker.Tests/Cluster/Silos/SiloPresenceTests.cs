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

            // Bob's own me may have lived on the dead silo too (placement is Orleans'): then he is told to subscribe
            // again, as the SDK does, and finds alice offline in his contacts; otherwise he hears her go offline.
            var seen = await bob.ExpectFrameAsync("pres", p => p.Str("topic") == "me" && ((p.Str("what") == "off" && p.Str("src") == alice.UserId)
                || (p.Str("what") == "term" && p.Str("src") == "me")), "alice offline, or term for bob's me");
            if (seen.Str("what") == "term")
            {
                FrameAssert.Ctrl(await bob.SubAsync("me"), 200, "ok");
                var contact = (await bob.GetSubsAsync("me")).EnumerateArray().Single(s => s.Str("topic") == alice.UserId);
                Assert.False(contact.TryGetProperty("online", out var online) && online.GetBoolean(), "alice listed online: " + contact.GetRawText());
            }
        }
        finally
        {
            await alice.DisposeAsync();
        }
    }
}
