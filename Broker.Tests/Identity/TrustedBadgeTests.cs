using System.Net;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Identity;

/// <summary>Staff and verified badges: <c>trusted</c> is set through the server API only and shown in <c>{meta desc}</c>.</summary>
public sealed class TrustedBadgeTests
{
    [Fact]
    public async Task Trusted_set_by_the_server_api_shows_in_me_desc_p2p_desc_and_sub_lists()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:Admin:Key=" + AdminClient.Key);
        using var admin = new AdminClient(broker.BaseUri);
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        FrameAssert.Ctrl(await alice.SubAsync("me"), 200, "ok");

        var (status, view) = await admin.PatchAsync($"/v0/admin/users/{alice.UserId}", new JsonObject
        {
            ["trusted"] = new JsonObject { ["verified"] = true, ["staff"] = true },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(view.GetProperty("trusted").GetProperty("staff").GetBoolean());
        await alice.ExpectPresAsync("me", "upd", "me");
        var own = await alice.GetDescAsync("me");
        Assert.True(own.GetProperty("trusted").GetProperty("verified").GetBoolean());

        FrameAssert.Ctrl(await bob.SubAsync(alice.UserId!), 200, "ok");
        var peer = await bob.GetDescAsync(alice.UserId!);
        Assert.True(peer.GetProperty("trusted").GetProperty("staff").GetBoolean());
        FrameAssert.Ctrl(await bob.SubAsync("me"), 200, "ok");
        var subs = await bob.GetSubsAsync("me");
        var entry = subs.EnumerateArray().Single(s => s.Str("topic") == alice.UserId);
        Assert.True(entry.GetProperty("trusted").GetProperty("verified").GetBoolean());

        // Cleared member by member, and never settable by the client itself.
        await admin.PatchAsync($"/v0/admin/users/{alice.UserId}", new JsonObject { ["trusted"] = new JsonObject { ["staff"] = "␡" } });
        var after = await alice.GetDescAsync("me");
        Assert.False(after.GetProperty("trusted").TryGetProperty("staff", out _));
        var self = await alice.SetAsync("me", new JsonObject { ["desc"] = new JsonObject { ["trusted"] = new JsonObject { ["staff"] = true } } });
        FrameAssert.Ctrl(self, 403, "permission denied");
        var (bad, _) = await admin.PatchAsync($"/v0/admin/users/{alice.UserId}", new JsonObject { ["trusted"] = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
    }
}
