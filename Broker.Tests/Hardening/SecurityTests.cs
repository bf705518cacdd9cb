using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Storage;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Hardening;

/// <summary>Passwords (PBKDF2, per-user salt, minimum lengths) and tokens (HMAC-signed, expiring, bound to the user).</summary>
public sealed class SecurityTests
{
    private static int Code(JsonElement ctrl) => ctrl.GetProperty("code").GetInt32();

    private static Task<JsonElement> CreateAsync(TestClient client, string login, string password) =>
        client.RequestAsync("acc", new JsonObject
        {
            ["user"] = "new",
            ["scheme"] = "basic",
            ["secret"] = TestClient.BasicSecret(login, password),
        });

    [Fact]
    public async Task Minimum_login_and_password_lengths_are_configurable()
    {
        await using var broker = await TestBroker.StartAsync("--Auth:MinPasswordLength=8", "--Auth:MinLoginLength=4");
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        var shortPassword = await CreateAsync(client, "alice", "1234567");
        var shortLogin = await CreateAsync(client, "abc", "long enough");
        var fine = await CreateAsync(client, "alice", "12345678");

        Assert.Equal(422, Code(shortPassword));
        Assert.Equal("auth", shortPassword.GetProperty("params").GetProperty("what").GetString());
        Assert.Equal(422, Code(shortLogin));
        Assert.Equal(201, Code(fine));
    }

    [Fact]
    public async Task Passwords_are_stored_as_salted_pbkdf2_hashes()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();
        Assert.Equal(201, Code(await CreateAsync(client, "alice", "same password")));
        Assert.Equal(201, Code(await CreateAsync(client, "bob", "same password")));
        var users = broker.Services.GetRequiredService<StorageBackend>().Users;

        var alice = (await users.GetAuthByUniqueAsync("basic", "alice", TestContext.Current.CancellationToken))!.Secret;
        var bob = (await users.GetAuthByUniqueAsync("basic", "bob", TestContext.Current.CancellationToken))!.Secret;

        Assert.StartsWith("pbkdf2-sha256$1000$", alice);
        Assert.StartsWith("pbkdf2-sha256$1000$", bob);
        Assert.NotEqual(alice.Split('$')[2], bob.Split('$')[2]); // per-user salt
        Assert.NotEqual(alice, bob);
        Assert.DoesNotContain("same password", alice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_logs_in_its_own_user_until_it_expires()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(b => b.Services.AddSingleton<TimeProvider>(clock), "--Auth:TokenLifetime=01:00:00");
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var token = alice.Token!;

        await using (var again = await broker.ConnectAsync())
        {
            await again.HiAsync();
            var ok = await again.LoginTokenAsync(token);
            Assert.Equal(200, Code(ok));
            Assert.Equal(alice.UserId, ok.GetProperty("params").GetProperty("user").GetString());
        }

        clock.Advance(TimeSpan.FromMinutes(61));
        await using var late = await broker.ConnectAsync();
        await late.HiAsync();
        var expired = await late.LoginTokenAsync(token);
        Assert.Equal(401, Code(expired));
        Assert.Equal("authentication failed", expired.GetProperty("text").GetString());
    }

    public static TheoryData<string, int> TamperedBytes => new()
    {
        { "user id", 0 },
        { "expiry", 9 },
        { "auth level", 12 },
        { "signature", 49 },
    };

    [Theory]
    [MemberData(nameof(TamperedBytes))]
    public async Task A_tampered_token_fails(string part, int index)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var bytes = Convert.FromBase64String(alice.Token!);
        bytes[index] ^= 0x01;

        await using var attacker = await broker.ConnectAsync();
        await attacker.HiAsync();
        var ctrl = await attacker.LoginTokenAsync(Convert.ToBase64String(bytes));

        Assert.True(Code(ctrl) == 401, $"token with a changed {part} was accepted: {ctrl.GetRawText()}");
    }

    [Fact]
    public async Task A_token_signed_by_another_broker_fails()
    {
        await using var first = await TestBroker.StartAsync();
        await using var second = await TestBroker.StartAsync();
        await using var alice = await first.ConnectAsync();
        await alice.RegisterAsync("alice");

        await using var elsewhere = await second.ConnectAsync();
        await elsewhere.HiAsync();

        Assert.Equal(401, Code(await elsewhere.LoginTokenAsync(alice.Token!)));
    }
}
