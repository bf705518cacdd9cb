using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Identity;

/// <summary><c>{acc}</c> on an existing account changes the <c>basic</c> login name as Tinode allows.</summary>
public sealed class LoginChangeTests
{
    private static JsonObject ChangeBasic(string login, string password) => new()
    {
        ["scheme"] = "basic",
        ["secret"] = TestClient.BasicSecret(login, password),
    };

    [Fact]
    public async Task Acc_with_a_new_login_renames_the_account_and_the_old_name_is_free_again()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        FrameAssert.Ctrl(await alice.RequestAsync("acc", ChangeBasic("Alice2", "new-secret")), 200, "ok");

        await using var client = await broker.ConnectAsync();
        await client.HiAsync();
        FrameAssert.Ctrl(await client.LoginAsync("alice", "new-secret"), 401, "authentication failed");
        FrameAssert.Ctrl(await client.LoginAsync("alice2", "new-secret"), 200, "ok");
        Assert.Equal(alice.UserId, client.UserId);
        await using var newcomer = await broker.UserAsync("alice");
        Assert.NotEqual(alice.UserId, newcomer.UserId);
    }

    [Fact]
    public async Task An_empty_login_keeps_the_name_a_taken_one_is_409_and_a_bad_one_422()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");

        FrameAssert.Ctrl(await alice.RequestAsync("acc", ChangeBasic("bob", "whatever1")), 409, "duplicate credential");
        FrameAssert.Ctrl(await alice.RequestAsync("acc", ChangeBasic("no spaces allowed", "whatever1")), 422, "policy violation");
        FrameAssert.Ctrl(await alice.RequestAsync("acc", ChangeBasic("", "only-the-password")), 200, "ok");

        await using var client = await broker.ConnectAsync();
        await client.HiAsync();
        FrameAssert.Ctrl(await client.LoginAsync("alice", "only-the-password"), 200, "ok");
        await using var bobAgain = await broker.ConnectAsync();
        await bobAgain.HiAsync();
        FrameAssert.Ctrl(await bobAgain.LoginAsync("bob"), 200, "ok");
    }
}
