using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>Client mistakes get a 4xx {ctrl} and the connection stays usable; protocol violations close it.</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData("{\"hi\":")]
    [InlineData("not json at all")]
    [InlineData("{\"bogus\":{\"id\":\"7\"}}")]
    [InlineData("{}")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    [InlineData("{\"hi\":{\"id\":\"7\",\"ver\":25}}")]
    public async Task Malformed_or_unknown_frames_get_400_without_id_and_the_connection_stays_usable(string text)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();

        await client.SendRawAsync(text);
        var ctrl = await client.ExpectCtrlAsync(c => c.Long("code") == 400, "400 for a malformed frame");

        FrameAssert.Ctrl(ctrl, 400, "malformed");
        Assert.False(ctrl.Has("id"));
        Assert.False(ctrl.Has("topic"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", ctrl.Str("ts"));
        FrameAssert.Ctrl(await client.HiAsync(), 201, "created");
    }

    [Fact]
    public async Task Malformed_frames_after_login_leave_the_session_authenticated()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.UserAsync("alice");

        await client.SendRawAsync("{\"pub\":{\"topic\":");
        FrameAssert.Ctrl(await client.ExpectCtrlAsync(c => c.Long("code") == 400, "400"), 400, "malformed");

        FrameAssert.Ctrl(await client.SubAsync("me"), 200, "ok");
    }

    [Fact]
    public async Task A_binary_frame_closes_the_connection_with_1003()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        await client.SendBytesAsync(Encoding.UTF8.GetBytes("{\"hi\":{\"id\":\"2\",\"ver\":\"0.25\"}}"), WebSocketMessageType.Binary);

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await client.WaitClosedAsync());
    }

    [Fact]
    public async Task A_message_larger_than_MaxMessageSize_closes_the_connection_with_1009()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxMessageSize=2048");
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        await client.SendRawAsync("{\"hi\":{\"id\":\"2\",\"ua\":\"" + new string('x', 4096) + "\"}}");

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await client.WaitClosedAsync());
    }

    [Fact]
    public async Task A_message_just_under_MaxMessageSize_is_processed()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxMessageSize=2048");
        await using var client = await broker.ConnectAsync();

        var ctrl = await client.RequestAsync("hi", new JsonObject { ["ver"] = "0.25", ["ua"] = new string('x', 1900) });

        FrameAssert.Ctrl(ctrl, 201, "created");
    }

    [Fact]
    public async Task Extra_obo_is_403_for_non_root_sessions()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        await using var bob = await broker.UserAsync("bob");

        await alice.SendAsync(new JsonObject
        {
            ["get"] = new JsonObject { ["id"] = "obo1", ["topic"] = "me", ["what"] = "desc" },
            ["extra"] = new JsonObject { ["obo"] = bob.UserId },
        });

        FrameAssert.Ctrl(await alice.CtrlAsync("obo1"), 403, "permission denied");
    }

    [Theory]
    [InlineData("xyz", 404, "topic not found")]
    [InlineData("grpCAcGBQQDAgE", 404, "topic not found")]
    [InlineData("grpshort", 404, "topic not found")]
    [InlineData("usr123", 400, "malformed")]
    [InlineData("chnCAcGBQQDAgE", 404, "topic not found")]
    public async Task Sub_to_an_unknown_or_unsupported_topic(string topic, int code, string text)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.UserAsync("alice");

        var ctrl = await client.SubAsync(topic);

        FrameAssert.Ctrl(ctrl, code, text);
        Assert.Equal(topic, ctrl.Str("topic"));
    }

    [Fact]
    public async Task Requests_without_a_topic_are_400()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.UserAsync("alice");

        FrameAssert.Ctrl(await client.RequestAsync("sub", new JsonObject()), 400, "malformed");
        FrameAssert.Ctrl(await client.RequestAsync("get", new JsonObject { ["what"] = "desc" }), 400, "malformed");
        FrameAssert.Ctrl(await client.RequestAsync("pub", new JsonObject { ["content"] = "x" }), 400, "malformed");
    }

    [Fact]
    public async Task Get_set_and_del_with_nothing_valid_to_do_are_400()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.UserAsync("alice");
        var group = await client.CreateGroupAsync();

        FrameAssert.Ctrl((await client.GetAsync(group, "nothing valid")).GetProperty("ctrl"), 400, "malformed");
        FrameAssert.Ctrl((await client.GetAsync("me", "")).GetProperty("ctrl"), 400, "malformed");
        FrameAssert.Ctrl(await client.SetAsync(group, new JsonObject()), 400, "malformed");
        FrameAssert.Ctrl(await client.SetAsync("me", new JsonObject()), 400, "malformed");
        FrameAssert.Ctrl(await client.DelAsync(group, new JsonObject { ["what"] = "everything" }), 400, "malformed");
    }

    [Fact]
    public async Task Pub_without_content_is_400()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.UserAsync("alice");
        var group = await client.CreateGroupAsync();

        FrameAssert.Ctrl(await client.RequestAsync("pub", new JsonObject { ["topic"] = group }), 400, "malformed");
        FrameAssert.Ctrl(await client.RequestAsync("pub", new JsonObject { ["topic"] = group, ["content"] = null }), 400, "malformed");
    }

    [Fact]
    public async Task Unknown_get_words_are_ignored()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.UserAsync("alice");

        var reply = await client.GetAsync("me", "desc bogus");

        Assert.True(reply.TryGetProperty("meta", out var meta));
        Assert.True(meta.Has("desc"));
    }
}
