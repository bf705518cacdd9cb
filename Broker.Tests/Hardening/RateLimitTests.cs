using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Hardening;

/// <summary>
/// Per-session token buckets. The clock is fake and stands still, so a bucket refills only when the test moves it:
/// the outcome does not depend on how fast the machine is.
/// </summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Pub_over_the_publish_rate_answers_429_with_the_request_id_and_session_stays_usable()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(
            b => b.Services.AddSingleton<TimeProvider>(clock),
            "--Broker:RateLimit:PubPerSecond=1", "--Broker:RateLimit:PubBurst=3");
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;

        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(i, await alice.PubAsync(group, "m" + i));
        }

        var refused = await alice.RequestAsync("pub", new JsonObject { ["topic"] = group, ["content"] = "over" });
        Assert.Equal(429, refused.GetProperty("code").GetInt32());
        Assert.Equal("too many requests", refused.GetProperty("text").GetString());
        Assert.Equal(group, refused.GetProperty("topic").GetString());
        Assert.True(refused.GetProperty("params").GetProperty("retryAfter").GetInt32() > 0);

        // Other frames are not publishes: still served.
        Assert.Equal(201, (await alice.RequestAsync("hi", new JsonObject())).GetProperty("code").GetInt32());

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(4, await alice.PubAsync(group, "after refill"));
    }

    [Fact]
    public async Task Any_frame_over_the_frame_rate_answers_429()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(
            b => b.Services.AddSingleton<TimeProvider>(clock),
            "--Broker:RateLimit:FramesPerSecond=1", "--Broker:RateLimit:FrameBurst=4");
        await using var client = await broker.ConnectAsync();
        await client.RegisterAsync("carol"); // hi + acc: two frames

        Assert.Equal(201, (await client.RequestAsync("hi", new JsonObject())).GetProperty("code").GetInt32());
        Assert.Equal(201, (await client.RequestAsync("hi", new JsonObject())).GetProperty("code").GetInt32());
        var refused = await client.RequestAsync("get", new JsonObject { ["topic"] = "me", ["what"] = "desc" });

        Assert.Equal(429, refused.GetProperty("code").GetInt32());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(201, (await client.RequestAsync("hi", new JsonObject())).GetProperty("code").GetInt32());
        Assert.True(client.IsOpen);
    }

    [Fact]
    public async Task A_session_that_keeps_flooding_is_closed_with_1008_and_others_are_not()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(
            b => b.Services.AddSingleton<TimeProvider>(clock),
            "--Broker:RateLimit:FramesPerSecond=1", "--Broker:RateLimit:FrameBurst=10", "--Broker:RateLimit:MaxConsecutiveRejections=20");
        await using var flooder = await broker.ConnectAsync();
        await using var bystander = await broker.ConnectAsync();
        await flooder.HiAsync();
        await bystander.RegisterAsync("bystander");

        for (var i = 0; i < 40; i++)
        {
            await flooder.SendAsync(new JsonObject { ["hi"] = new JsonObject { ["id"] = "f" + i } });
        }

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await flooder.WaitClosedAsync());
        Assert.Equal("too many requests", flooder.CloseDescription);
        Assert.Equal(201, (await bystander.RequestAsync("hi", new JsonObject())).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Default_limits_do_not_get_in_the_way_of_a_busy_client()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;

        for (var i = 1; i <= 250; i++)
        {
            Assert.Equal(i, await alice.PubAsync(group, "m" + i));
        }
    }
}
