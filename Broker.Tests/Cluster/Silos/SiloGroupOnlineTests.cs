using System.Text.Json;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Cluster.Silos;

/// <summary>
/// <c>me</c>'s group-online flag across silos: a group loaded on one silo is online for a member whose <c>me</c>
/// lives on another (its <c>on</c> when the member comes online, <c>online:true</c> in <c>{get sub}</c>), and
/// offline there once it unloads.
/// </summary>
public sealed class SiloGroupOnlineTests
{
    [Fact]
    public async Task A_group_loaded_on_another_silo_answers_a_member_coming_online_and_is_listed_online_until_it_unloads()
    {
        await using var silos = await BrokerSilos.StartAsync(2, configure: new Dictionary<string, string?> { ["Broker:TopicIdleTimeout"] = "00:00:00.200" });
        await using var alice = await silos.UserAsync(0, "alice");

        // bob joins from the silo that does not host the group and detaches; alice keeps the group loaded. Placement
        // is Orleans' (and follows the silos' load): a bob whose me lands on the group's silo tests nothing, so another
        // bob is tried with a new group, which may land elsewhere.
        TestClient? bob = null;
        var group = string.Empty;
        var groupSilo = -1;
        for (var attempt = 0; bob is null; attempt++)
        {
            Assert.True(attempt < 20, "every bob's me was placed on its group's silo");
            group = await alice.CreateGroupAsync();
            groupSilo = silos.HostOf(group);
            Assert.NotEqual(-1, groupSilo);
            var candidate = await silos.UserAsync(1 - groupSilo, "bob");
            FrameAssert.Ctrl(await candidate.SubAsync(group), 200, "ok");
            FrameAssert.Ctrl(await candidate.LeaveAsync(group), 200, "ok");
            FrameAssert.Ctrl(await candidate.SubAsync("me"), 200, "ok");
            if (silos.HostOf(candidate.UserId!) != groupSilo)
            {
                bob = candidate;
            }
            else
            {
                await candidate.DisposeAsync();
            }
        }

        await using (bob)
        {
            // Coming online (its first session on me), bob hears the group's own "on".
            await bob.ExpectPresAsync("me", "on", group);
            Assert.True(Online(await bob.GetSubsAsync("me"), group), "the group listed offline while loaded on the other silo");

            // alice detaches, the group unloads (idle) on its silo: bob's me lists it offline.
            FrameAssert.Ctrl(await alice.LeaveAsync(group), 200, "ok");
            await ClusterNodes.Eventually(async () => !Online(await bob.GetSubsAsync("me"), group), TimeSpan.FromSeconds(10), "the unloaded group listed offline");
            Assert.Equal(-1, silos.HostOf(group));
        }
    }

    private static bool Online(JsonElement subs, string topic)
    {
        var entry = subs.EnumerateArray().Single(s => s.Str("topic") == topic);
        return entry.TryGetProperty("online", out var online) && online.GetBoolean();
    }
}
