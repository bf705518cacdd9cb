using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary><c>{login}</c> with the basic and token schemes, its failures, and several sessions of one user.</summary>
public sealed class LoginTests
{
    [Fact]
    public async Task Basic_login_replies_200_with_user_authlvl_token_and_expiry()
    {
        await using var broker = await TestBroker.StartAsync();
        string userId;
        await using (var first = await broker.UserAsync("alice"))
        {
            userId = first.UserId!;
        }

        await using var client = await broker.ConnectAsync();
        await client.HiAsync();
        var ctrl = await client.LoginAsync("Alice");

        FrameAssert.Ctrl(ctrl, 200, "ok");
        var p = ctrl.GetProperty("params");
        Assert.Equal(userId, p.Str("user"));
        Assert.Equal("auth", p.Str("authlvl"));
        Assert.False(string.IsNullOrEmpty(p.Str("token")));
        Assert.True(p.Has("expires"));
        Assert.False(ctrl.Has("topic"));
    }

    [Fact]
    public async Task The_token_from_acc_logs_in_on_a_new_connection()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var second = await broker.ConnectAsync();
        await second.HiAsync();

        var ctrl = await second.LoginTokenAsync(alice.Token!);

        FrameAssert.Ctrl(ctrl, 200, "ok");
        Assert.Equal(alice.UserId, ctrl.GetProperty("params").Str("user"));
        Assert.False(string.IsNullOrEmpty(ctrl.GetProperty("params").Str("token")));
        FrameAssert.Ctrl(await second.SubAsync("me"), 200, "ok");
    }

    [Fact]
    public async Task The_token_from_a_basic_login_works_too()
    {
        await using var broker = await TestBroker.StartAsync();
        await using (await broker.UserAsync("alice"))
        {
        }

        await using var first = await broker.ConnectAsync();
        await first.HiAsync();
        await first.LoginAsync("alice");
        await using var second = await broker.ConnectAsync();
        await second.HiAsync();

        FrameAssert.Ctrl(await second.LoginTokenAsync(first.Token!), 200, "ok");
        Assert.Equal(first.UserId, second.UserId);
    }

    [Theory]
    [InlineData("alice", "wrong-password")]
    [InlineData("nobody", "secret123")]
    public async Task Wrong_credentials_are_401_authentication_failed(string login, string password)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        var ctrl = await client.LoginAsync(login, password);

        FrameAssert.Ctrl(ctrl, 401, "authentication failed");
        Assert.False(ctrl.Has("params"));
        FrameAssert.Ctrl(await client.SubAsync("me"), 401, "authentication required");
        // A failed login does not use up the session: the right password still works.
        FrameAssert.Ctrl(await client.LoginAsync("alice"), 200, "ok");
    }

    [Theory]
    [InlineData("")]
    [InlineData("bm90IGEgdG9rZW4=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_bad_token_is_401_authentication_failed(string token)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        FrameAssert.Ctrl(await client.LoginTokenAsync(token), 401, "authentication failed");
    }

    [Fact]
    public async Task A_token_signed_by_another_server_key_is_401()
    {
        await using var other = await TestBroker.StartAsync();
        await using var stranger = await other.UserAsync("alice");
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        FrameAssert.Ctrl(await client.LoginTokenAsync(stranger.Token!), 401, "authentication failed");
    }

    [Theory]
    [InlineData("oauth")]
    [InlineData("rest")]
    [InlineData("jwt")]
    public async Task An_unknown_scheme_is_401_unknown_authentication_scheme(string scheme)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        var ctrl = await client.RequestAsync("login", new JsonObject { ["scheme"] = scheme, ["secret"] = "eA==" });

        FrameAssert.Ctrl(ctrl, 401, "unknown authentication scheme");
    }

    [Fact]
    public async Task A_basic_secret_that_is_not_base64_is_400()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        FrameAssert.Ctrl(await client.RequestAsync("login", new JsonObject { ["scheme"] = "basic", ["secret"] = "***" }), 400, "malformed");
    }

    [Fact]
    public async Task A_second_login_is_409_already_authenticated()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");

        FrameAssert.Ctrl(await alice.LoginAsync("alice"), 409, "already authenticated");
        FrameAssert.Ctrl(await alice.LoginAsync("bob"), 409, "already authenticated");
        FrameAssert.Ctrl(await alice.LoginTokenAsync(bob.Token!), 409, "already authenticated");

        // Still alice.
        var desc = await alice.GetDescAsync("me");
        Assert.Equal("alice", desc.GetProperty("public").Str("fn"));
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("leave")]
    [InlineData("pub")]
    [InlineData("get")]
    [InlineData("set")]
    [InlineData("del")]
    public async Task Requests_that_need_a_user_are_401_before_login(string frame)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        var ctrl = await client.RequestAsync(frame, new JsonObject
        {
            ["topic"] = "grpCAcGBQQDAgE",
            ["what"] = "desc",
            ["content"] = "x",
            ["desc"] = new JsonObject { ["public"] = "x" },
        });

        FrameAssert.Ctrl(ctrl, 401, "authentication required");
        Assert.Equal("grpCAcGBQQDAgE", ctrl.Str("topic"));
    }

    [Fact]
    public async Task A_note_before_login_is_dropped_silently()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        await client.NoteAsync("grpCAcGBQQDAgE", "read", 1);
        FrameAssert.Ctrl(await client.LoginTokenAsync("eA=="), 401, "authentication failed");

        Assert.Empty(client.Backlog);
    }

    [Fact]
    public async Task Two_sessions_of_one_user_both_receive_data()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var phone = await broker.SessionOfAsync(alice);
        await using var bob = await broker.UserAsync("bob");
        var group = await bob.CreateGroupAsync();
        FrameAssert.Ctrl(await alice.SubAsync(group), 200, "ok");
        FrameAssert.Ctrl(await phone.SubAsync(group), 200, "ok");

        var seq = await bob.PubAsync(group, "to both devices");

        Assert.Equal("to both devices", (await alice.ExpectDataAsync(group, seq)).Str("content"));
        Assert.Equal("to both devices", (await phone.ExpectDataAsync(group, seq)).Str("content"));
    }

    [Fact]
    public async Task Two_sessions_of_one_user_in_a_p2p_topic_both_receive_data()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var phone = await broker.SessionOfAsync(alice);
        await using var bob = await broker.UserAsync("bob");
        FrameAssert.Ctrl(await bob.SubAsync(alice.UserId!), 200, "ok");
        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
        FrameAssert.Ctrl(await phone.SubAsync(bob.UserId!), 200, "ok");

        var seq = await bob.PubAsync(alice.UserId!, "hi alice");

        Assert.Equal(bob.UserId, (await alice.ExpectDataAsync(bob.UserId!, seq)).Str("from"));
        Assert.Equal(bob.UserId, (await phone.ExpectDataAsync(bob.UserId!, seq)).Str("from"));
    }
}
