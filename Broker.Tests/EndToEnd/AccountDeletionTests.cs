using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

public sealed class AccountDeletionTests
{
    [Fact]
    public async Task Deleting_an_account_removes_its_topics_evicts_its_sessions_and_voids_its_tokens()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.ConnectAsync();
        await using var aliceTablet = await broker.ConnectAsync();
        await using var bob = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        await bob.RegisterAsync("bob");
        await aliceTablet.HiAsync();
        await aliceTablet.LoginTokenAsync(alice.Token!);
        await bob.SubAsync("me");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;
        Assert.Equal(200, (await bob.SubAsync(group)).GetProperty("code").GetInt32());
        Assert.Equal(200, (await alice.SubAsync(bob.UserId!)).GetProperty("code").GetInt32());
        await alice.PubAsync(bob.UserId!, "bye soon");

        var reply = await alice.RequestAsync("del", new JsonObject { ["what"] = "user" });

        Assert.Equal(200, reply.GetProperty("code").GetInt32());
        var evicted = await alice.ExpectFrameAsync("ctrl", c => c.GetProperty("code").GetInt32() == 205, "own eviction");
        Assert.Equal("evicted", evicted.GetProperty("text").GetString());
        await aliceTablet.ExpectFrameAsync("ctrl", c => c.GetProperty("code").GetInt32() == 205, "other device evicted");
        await bob.ExpectPresAsync("me", "gone", group);
        await bob.ExpectPresAsync("me", "gone", alice.UserId);

        await using var again = await broker.ConnectAsync();
        await again.HiAsync();
        var login = await again.LoginTokenAsync(alice.Token!);
        Assert.Equal(401, login.GetProperty("code").GetInt32());
        var relogin = await again.LoginAsync("alice");
        Assert.Equal(401, relogin.GetProperty("code").GetInt32());

        var subs = await bob.RequestAsync("get", new JsonObject { ["topic"] = "me", ["what"] = "sub" });
        Assert.Equal(204, subs.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Deleting_another_users_account_is_refused()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.ConnectAsync();
        await using var bob = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        await bob.RegisterAsync("bob");

        var reply = await alice.RequestAsync("del", new JsonObject { ["what"] = "user", ["user"] = bob.UserId });

        Assert.Equal(403, reply.GetProperty("code").GetInt32());
    }
}
