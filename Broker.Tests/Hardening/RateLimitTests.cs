using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Hardening;

/// <summary>
/// Per-session token buckets that refuse (429), never drop; only a flood sustained past the flood timeout closes the
/// session, after every stored message is acknowledged. The clock is fake and stands still, so a bucket refills only
/// when the test moves it: the outcome does not depend on how fast the machine is.
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
    public async Task A_session_that_keeps_flooding_past_the_flood_timeout_is_closed_with_1008_after_every_stored_message_is_acknowledged()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(
            b => b.Services.AddSingleton<TimeProvider>(clock),
            "--Broker:RateLimit:PubPerSecond=2", "--Broker:RateLimit:PubBurst=5", "--Broker:RateLimit:FramesPerSecond=0",
            "--Broker:RateLimit:FloodTimeout=00:00:03");
        await using var flooder = await broker.UserAsync("flooder");
        await using var bystander = await broker.UserAsync("bystander");
        var group = await flooder.CreateGroupAsync();
        Assert.Equal(200, (await bystander.SubAsync(group)).GetProperty("code").GetInt32());

        // Ten publishes every 250 ms, each step answered before the clock moves: far over 2 per second, and the 429s ignored.
        var acked = new List<long>();
        var elapsed = TimeSpan.Zero;
        var closedAt = TimeSpan.MinValue;
        while (closedAt == TimeSpan.MinValue && elapsed < TimeSpan.FromSeconds(6))
        {
            var ids = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                ids.Add(flooder.NextId());
                await flooder.SendAsync(new JsonObject { ["pub"] = new JsonObject { ["id"] = ids[^1], ["topic"] = group, ["noecho"] = true, ["content"] = "flood" } });
            }

            foreach (var id in ids)
            {
                JsonElement reply;
                try
                {
                    reply = await flooder.CtrlAsync(id);
                }
                catch (InvalidOperationException)
                {
                    closedAt = elapsed; // the connection ended: frames after the close decision are not acted on
                    break;
                }

                var code = reply.GetProperty("code").GetInt32();
                Assert.True(code is 202 or 429, "unexpected reply " + reply.GetRawText());
                if (code == 202)
                {
                    acked.Add(reply.GetProperty("params").GetProperty("seq").GetInt64());
                }
            }

            if (closedAt == TimeSpan.MinValue)
            {
                Assert.True(flooder.IsOpen, $"closed at {elapsed} though the flood timeout is 3 s");
                clock.Advance(TimeSpan.FromMilliseconds(250));
                elapsed += TimeSpan.FromMilliseconds(250);
            }
        }

        Assert.InRange(closedAt, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await flooder.WaitClosedAsync());
        Assert.Equal("too many requests", flooder.CloseDescription);

        // Each stored message was acknowledged before the close frame, and only stored ones were.
        var stored = (await bystander.GetDescAsync(group)).GetProperty("seq").GetInt64();
        Assert.Equal(Enumerable.Range(1, (int)stored).Select(i => (long)i), acked.Order());
        Assert.Equal(201, (await bystander.RequestAsync("hi", new JsonObject())).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_client_that_waits_as_told_by_retryAfter_is_never_closed()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(
            b => b.Services.AddSingleton<TimeProvider>(clock),
            "--Broker:RateLimit:PubPerSecond=2", "--Broker:RateLimit:PubBurst=2", "--Broker:RateLimit:FloodTimeout=00:00:02");
        await using var alice = await broker.UserAsync("alice");
        var group = await alice.CreateGroupAsync();

        // Send until refused, wait the advised time, send again: for 20 simulated seconds, ten times the flood timeout.
        var stored = 0;
        var start = clock.GetUtcNow();
        while (clock.GetUtcNow() - start < TimeSpan.FromSeconds(20))
        {
            var reply = await alice.RequestAsync("pub", new JsonObject { ["topic"] = group, ["content"] = "paced", ["noecho"] = true });
            if (reply.GetProperty("code").GetInt32() == 429)
            {
                clock.Advance(TimeSpan.FromMilliseconds(reply.GetProperty("params").GetProperty("retryAfter").GetInt32()));
            }
            else
            {
                Assert.Equal(202, reply.GetProperty("code").GetInt32());
                stored++;
            }
        }

        Assert.True(alice.IsOpen);
        Assert.InRange(stored, 40, 43); // the burst, then 2 per second
    }

    [Fact]
    public async Task A_users_own_limits_set_through_the_server_API_apply_to_its_sessions_and_persist()
    {
        var clock = new FakeClock();
        await using var broker = await TestBroker.StartAsync(
            b => b.Services.AddSingleton<TimeProvider>(clock),
            "--Broker:Admin:Key=" + AdminClient.Key, "--Broker:RateLimit:PubPerSecond=1", "--Broker:RateLimit:PubBurst=2");
        using var admin = new AdminClient(broker.BaseUri);
        await using var bot = await broker.UserAsync("bot");
        var group = await bot.CreateGroupAsync();
        Assert.Equal(429, await ThirdPubCodeAsync(bot));

        // A trusted integration: a higher burst, and no frame limit at all. Applies to the open session at once.
        var (status, view) = await admin.PatchAsync("/v0/admin/users/" + bot.UserId, new JsonObject
        {
            ["rateLimits"] = new JsonObject { ["pubBurst"] = 1000, ["framesPerSecond"] = 0 },
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        Assert.Equal(1000, view.GetProperty("rateLimits").GetProperty("pubBurst").GetInt32());
        Assert.False(view.GetProperty("rateLimits").TryGetProperty("pubPerSecond", out _)); // left to the default
        var acks = await bot.PubManyAsync(group, 500, i => "m" + i);
        Assert.All(acks, a => Assert.Equal(202, a.GetProperty("code").GetInt32()));

        // Stored with the user: a new session (another login) gets them too; GET shows them.
        await using var again = await broker.SessionOfAsync(bot);
        Assert.Equal(200, (await again.SubAsync(group)).GetProperty("code").GetInt32());
        var more = await again.PubManyAsync(group, 300, i => "n" + i);
        Assert.All(more, a => Assert.Equal(202, a.GetProperty("code").GetInt32()));
        var (_, fetched) = await admin.GetAsync("/v0/admin/users/" + bot.UserId);
        Assert.Equal(0, fetched.GetProperty("rateLimits").GetProperty("framesPerSecond").GetDouble());

        // null returns the user to the defaults.
        var (cleared, clearedView) = await admin.PatchAsync("/v0/admin/users/" + bot.UserId, new JsonObject { ["rateLimits"] = null });
        Assert.Equal(System.Net.HttpStatusCode.OK, cleared);
        Assert.False(clearedView.TryGetProperty("rateLimits", out _));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(429, await ThirdPubCodeAsync(again));

        // Nonsense is refused.
        var (bad, _) = await admin.PatchAsync("/v0/admin/users/" + bot.UserId, new JsonObject { ["rateLimits"] = new JsonObject { ["pubBurst"] = 0 } });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad);

        async Task<int> ThirdPubCodeAsync(TestClient client)
        {
            var replies = await client.PubManyAsync(group, 3, i => "probe" + i);
            return replies[^1].GetProperty("code").GetInt32();
        }
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
