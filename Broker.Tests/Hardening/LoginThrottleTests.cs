using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Hardening;

/// <summary>Failed credentials are slowed down, then refused for a while, per login name and address together, and per address.</summary>
public sealed class LoginThrottleTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(300);

    private static Task<TestBroker> StartAsync(FakeClock clock, params string[] args) =>
        TestBroker.StartAsync(
            b => b.Services.AddSingleton<TimeProvider>(clock),
            [
                "--Broker:LoginThrottle:SlowdownAfter=1",
                "--Broker:LoginThrottle:FailureDelay=" + Delay,
                "--Broker:LoginThrottle:Lockout=00:05:00",
                .. args,
            ]);

    private static int Code(JsonElement ctrl) => ctrl.GetProperty("code").GetInt32();

    [Fact]
    public async Task Failures_for_one_name_are_slowed_then_refused_and_other_users_are_unaffected()
    {
        var clock = new FakeClock();
        await using var broker = await StartAsync(clock, "--Broker:LoginThrottle:MaxFailuresPerLogin=3");
        await using (var owner = await broker.ConnectAsync())
        {
            await owner.RegisterAsync("bob");
        }

        await using var attacker = await broker.ConnectAsync();
        await attacker.HiAsync();

        Assert.Equal(401, Code(await attacker.LoginAsync("bob", "wrong1")));
        var watch = Stopwatch.StartNew();
        Assert.Equal(401, Code(await attacker.LoginAsync("bob", "wrong2")));
        Assert.True(watch.Elapsed >= Delay - TimeSpan.FromMilliseconds(20), $"second failure answered after {watch.Elapsed}, expected a slow-down");
        Assert.Equal(401, Code(await attacker.LoginAsync("bob", "wrong3")));

        // Locked out: even the right password is refused, without being checked.
        var refused = await attacker.LoginAsync("bob");
        Assert.Equal(429, Code(refused));
        Assert.Equal("too many requests", refused.GetProperty("text").GetString());
        Assert.True(refused.GetProperty("params").GetProperty("retryAfter").GetInt32() > 0);

        // Another user from the same address logs in.
        await using (var carol = await broker.ConnectAsync())
        {
            await carol.RegisterAsync("carol");
        }

        await using var carolAgain = await broker.ConnectAsync();
        await carolAgain.HiAsync();
        Assert.Equal(200, Code(await carolAgain.LoginAsync("carol")));

        // The lockout ends.
        clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await using var bobAgain = await broker.ConnectAsync();
        await bobAgain.HiAsync();
        Assert.Equal(200, Code(await bobAgain.LoginAsync("bob")));
    }

    [Fact]
    public async Task An_attacker_elsewhere_cannot_lock_the_owner_out_of_their_account()
    {
        var clock = new FakeClock();
        await using var broker = await StartAsync(clock, "--Broker:LoginThrottle:MaxFailuresPerLogin=3", "--Broker:LoginThrottle:SlowdownAfter=10");
        await using (var owner = await broker.ConnectFromAsync("127.0.0.3"))
        {
            await owner.RegisterAsync("frank");
        }

        await using var attacker = await broker.ConnectFromAsync("127.0.0.2");
        await attacker.HiAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(401, Code(await attacker.LoginAsync("frank", "guess" + i)));
        }

        // The attacker's address is locked out of that name, even with the right password.
        Assert.Equal(429, Code(await attacker.LoginAsync("frank")));

        // The owner, from their own address, is not.
        await using var ownerAgain = await broker.ConnectFromAsync("127.0.0.3");
        await ownerAgain.HiAsync();
        Assert.Equal(200, Code(await ownerAgain.LoginAsync("frank")));
    }

    [Fact]
    public async Task A_session_refused_repeatedly_logs_one_warning()
    {
        var clock = new FakeClock();
        var logs = new LogCapture();
        await using var broker = await TestBroker.StartAsync(
            b =>
            {
                b.Services.AddSingleton<TimeProvider>(clock);
                logs.AddTo(b.Logging);
            },
            [
                "--Broker:LoginThrottle:SlowdownAfter=100",
                "--Broker:LoginThrottle:Lockout=00:05:00",
                "--Broker:LoginThrottle:MaxFailuresPerLogin=2",
                "--Logging:LogLevel:Default=Debug",
            ]);
        await using (var owner = await broker.ConnectAsync())
        {
            await owner.RegisterAsync("bob");
        }

        await using var attacker = await broker.ConnectAsync();
        await attacker.HiAsync();
        Assert.Equal(401, Code(await attacker.LoginAsync("bob", "wrong1")));
        Assert.Equal(401, Code(await attacker.LoginAsync("bob", "wrong2")));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(429, Code(await attacker.LoginAsync("bob", "wrong" + (i + 3))));
        }

        await logs.WaitForAsync(e => e.EventId == 1012, "a repeated refusal at debug level");
        Assert.Single(logs.Entries, e => e.EventId == 1011 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal(4, logs.Entries.Count(e => e.EventId == 1012));
    }

    [Fact]
    public async Task Failures_from_one_address_lock_that_address_only()
    {
        var clock = new FakeClock();
        await using var broker = await StartAsync(clock, "--Broker:LoginThrottle:MaxFailuresPerAddress=3", "--Broker:LoginThrottle:SlowdownAfter=10");
        await using (var owner = await broker.ConnectAsync())
        {
            await owner.RegisterAsync("dave");
        }

        await using var sprayer = await broker.ConnectFromAsync("127.0.0.2");
        await sprayer.HiAsync();
        foreach (var name in new[] { "x1", "x2", "x3" })
        {
            Assert.Equal(401, Code(await sprayer.LoginAsync(name, "guess")));
        }

        Assert.Equal(429, Code(await sprayer.LoginAsync("dave")));
        await using var sameAddress = await broker.ConnectFromAsync("127.0.0.2");
        await sameAddress.HiAsync();
        Assert.Equal(429, Code(await sameAddress.LoginAsync("dave")));

        await using var elsewhere = await broker.ConnectFromAsync("127.0.0.3");
        await elsewhere.HiAsync();
        Assert.Equal(200, Code(await elsewhere.LoginAsync("dave")));
    }

    [Fact]
    public async Task Probing_for_taken_names_with_acc_counts_against_the_address()
    {
        var clock = new FakeClock();
        await using var broker = await StartAsync(clock, "--Broker:LoginThrottle:MaxFailuresPerAddress=2", "--Broker:LoginThrottle:SlowdownAfter=10");
        await using (var owner = await broker.ConnectAsync())
        {
            await owner.RegisterAsync("erin");
        }

        await using var prober = await broker.ConnectFromAsync("127.0.0.4");
        await prober.HiAsync();
        for (var i = 0; i < 2; i++)
        {
            var taken = await prober.RequestAsync("acc", new JsonObject
            {
                ["user"] = "new",
                ["scheme"] = "basic",
                ["secret"] = TestClient.BasicSecret("erin", "whatever1"),
            });
            Assert.Equal(409, Code(taken));
        }

        var refused = await prober.RequestAsync("acc", new JsonObject
        {
            ["user"] = "new",
            ["scheme"] = "basic",
            ["secret"] = TestClient.BasicSecret("fresh", "whatever1"),
        });
        Assert.Equal(429, Code(refused));
    }
}
