using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.LongPoll;

/// <summary>Long polling at <c>/v0/channels/lp</c>: the same session as a WebSocket's, over HTTP requests, as Tinode's hdl_longpoll.go.</summary>
public sealed class LongPollTests
{
    [Fact]
    public async Task A_long_polling_user_logs_in_subscribes_and_exchanges_messages_and_presence_with_a_websocket_user()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        FrameAssert.Ctrl(await bob.SubAsync(alice.UserId!), 200, "ok");
        await bob.SubAsync("me");
        await using var lp = await LongPollClient.StartAsync(broker);

        FrameAssert.Ctrl(await lp.LoginTokenAsync(alice.Token!), 200, "ok");
        Assert.Equal(alice.UserId, lp.UserId);
        FrameAssert.Ctrl(await lp.RequestAsync("sub", new JsonObject { ["topic"] = "me" }), 200, "ok");
        await bob.ExpectPresAsync("me", "on", alice.UserId);
        FrameAssert.Ctrl(await lp.RequestAsync("sub", new JsonObject { ["topic"] = bob.UserId }), 200, "ok");

        var sent = await lp.RequestAsync("pub", new JsonObject { ["topic"] = bob.UserId, ["content"] = "over long polling" });
        FrameAssert.Ctrl(sent, 202, "accepted");
        var atBob = await bob.ExpectFrameAsync("data", d => d.Str("content") == "over long polling", "alice's message at bob");
        Assert.Equal(alice.UserId, atBob.Str("from"));

        var seq = await bob.PubAsync(alice.UserId!, "over a websocket");
        var atAlice = await lp.ExpectFrameAsync("data", d => d.Long("seq") == seq, "bob's message at alice");
        Assert.Equal("over a websocket", atAlice.Str("content"));
        Assert.Equal(bob.UserId, atAlice.Str("topic"));
        Assert.Equal(bob.UserId, atAlice.Str("from"));
    }

    [Fact]
    public async Task A_session_start_without_the_api_key_is_refused_with_403()
    {
        await using var broker = await TestBroker.StartAsync();
        using var http = new HttpClient();
        using var response = await http.PostAsync($"http://{broker.BaseUri.Authority}/v0/channels/lp", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var ctrl = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("ctrl");
        FrameAssert.Ctrl(ctrl, 403, "valid API key required");
    }

    [Fact]
    public async Task An_unknown_sid_is_answered_403_invalid_or_expired_session()
    {
        await using var broker = await TestBroker.StartAsync();
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri($"{LongPollClient.Endpoint(broker)}&sid=made-up"), null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var ctrl = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("ctrl");
        FrameAssert.Ctrl(ctrl, 403, "invalid or expired session");
    }

    [Fact]
    public async Task A_poll_with_nothing_to_say_is_answered_empty_after_the_poll_timeout()
    {
        await using var broker = await TestBroker.StartAsync("--LongPoll:PollTimeout=00:00:00.300");
        await using var lp = await LongPollClient.StartAsync(broker, poll: false);

        var (status, body) = await lp.PollOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(string.Empty, body);
    }

    [Fact]
    public async Task A_frame_over_the_message_size_limit_is_refused_and_the_session_stays_usable()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxMessageSize=2048");
        await using var lp = await LongPollClient.StartAsync(broker);
        var big = new JsonObject { ["hi"] = new JsonObject { ["id"] = "big", ["ver"] = "0.25", ["ua"] = new string('x', 4096) } }.ToJsonString();

        // Declared too large: 417, as Tinode; sent without a length (chunked) and too large: 400.
        Assert.Equal(HttpStatusCode.ExpectationFailed, await lp.PostRawAsync(big));
        using var http = new HttpClient();
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        using var request = new HttpRequestMessage(HttpMethod.Post, lp.SessionUri) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var ctrl = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("ctrl");
        FrameAssert.Ctrl(ctrl, 400, "malformed");

        FrameAssert.Ctrl(await lp.RequestAsync("hi", new JsonObject { ["ver"] = "0.25" }), 201, "created");
    }

    [Fact]
    public async Task A_session_its_client_stopped_polling_expires_the_user_goes_offline_and_the_sid_is_refused()
    {
        await using var broker = await TestBroker.StartAsync("--LongPoll:PollTimeout=00:00:00.200", "--LongPoll:SessionTimeout=00:00:00.800");
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");
        FrameAssert.Ctrl(await alice.SubAsync(bob.UserId!), 200, "ok");
        FrameAssert.Ctrl(await alice.LeaveAsync(bob.UserId!), 200, "ok");
        await bob.SubAsync("me");
        await alice.DisposeAsync();
        var lp = await LongPollClient.StartAsync(broker);
        FrameAssert.Ctrl(await lp.LoginTokenAsync(alice.Token!), 200, "ok");
        FrameAssert.Ctrl(await lp.RequestAsync("sub", new JsonObject { ["topic"] = "me" }), 200, "ok");
        await bob.ExpectPresAsync("me", "on", alice.UserId);

        await lp.AbandonAsync();

        await bob.ExpectPresAsync("me", "off", alice.UserId);
        var (status, body) = await lp.PollOnceAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        FrameAssert.Ctrl(JsonDocument.Parse(body).RootElement.GetProperty("ctrl"), 403, "invalid or expired session");
        await lp.DisposeAsync();
    }

    [Fact]
    public async Task A_long_polling_session_is_told_server_shutdown_when_the_broker_stops()
    {
        var broker = await TestBroker.StartAsync();
        await using var lp = await LongPollClient.StartAsync(broker);
        FrameAssert.Ctrl(await lp.RequestAsync("hi", new JsonObject { ["ver"] = "0.25" }), 201, "created");

        var stopping = broker.StopAsync();
        var shutdown = await lp.ExpectFrameAsync("ctrl", c => c.Long("code") == 205, "{ctrl 205} at shutdown");

        FrameAssert.Ctrl(shutdown, 205, "server shutdown");
        await stopping;
        await broker.DisposeAsync();
    }
}
