using Broker.Presence;
using Broker.Protocol.Names;
using Broker.Sessions;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.EndToEnd;

/// <summary>
/// In a cluster a contact's presence copy can still be on its way when a user comes online; once the user's own
/// copies have reached the other nodes, its <c>me</c> looks at the contacts it did not see online again, and the
/// two exchange their <c>on</c>. Played on one node with the registry's cluster hooks set by hand.
/// </summary>
public sealed class PresenceCopyRecheckTests
{
    [Fact]
    public async Task A_contact_whose_copy_arrived_late_is_told_and_tells_once_the_users_copies_went_out()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
        FrameAssert.Ctrl(await bob.SubAsync(alice.UserId!), 200, "ok");

        var presence = broker.Services.GetRequiredService<PresenceRegistry>();
        var copiesSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        presence.CopiesSent = () => copiesSent.Task;

        // alice comes online while bob's copy (bob online on "another node") has not arrived: nobody is told.
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");
        Assert.True(UserId.TryParse(bob.UserId, out var bobId));
        var bobSession = Assert.Single(broker.Services.GetRequiredService<SessionRegistry>().OfUser(bobId.Value));
        presence.ReplaceCopy(bobId.Value, [bobSession], owner: "bob's node");

        // alice's copies reached the other nodes: her me looks again and finds bob.
        copiesSent.SetResult();
        await alice.ExpectPresAsync("me", "on", bob.UserId);
        await bob.ExpectPresAsync("me", "on", alice.UserId);
    }
}
