using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

public sealed class HandshakeTests
{
    [Fact]
    public async Task Hi_replies_201_with_version_session_and_limits()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxMessageSize=4096");
        await using var client = await broker.ConnectAsync();

        var ctrl = await client.HiAsync();

        Assert.Equal(201, ctrl.GetProperty("code").GetInt32());
        Assert.Equal("created", ctrl.GetProperty("text").GetString());
        var parameters = ctrl.GetProperty("params");
        Assert.Equal("0.25", parameters.GetProperty("ver").GetString());
        Assert.False(string.IsNullOrEmpty(parameters.GetProperty("sid").GetString()));
        Assert.Equal(4096, parameters.GetProperty("maxMessageSize").GetInt32());
        Assert.Equal(256, parameters.GetProperty("maxSubscriberCount").GetInt32());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", ctrl.GetProperty("ts").GetString());
    }

    [Fact]
    public async Task Frames_before_hi_are_out_of_sequence()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();

        var ctrl = await client.RequestAsync("login", new JsonObject { ["scheme"] = "basic", ["secret"] = TestClient.BasicSecret("a", "b") });

        Assert.Equal(409, ctrl.GetProperty("code").GetInt32());
        Assert.Equal("command out of sequence", ctrl.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("acc")]
    [InlineData("sub")]
    [InlineData("leave")]
    [InlineData("pub")]
    [InlineData("get")]
    [InlineData("set")]
    [InlineData("del")]
    public async Task Every_request_before_hi_is_409_and_echoes_id_and_topic(string frame)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();

        var ctrl = await client.RequestAsync(frame, new JsonObject { ["topic"] = "me", ["what"] = "desc", ["content"] = "x", ["user"] = "new" });

        FrameAssert.Ctrl(ctrl, 409, "command out of sequence");
        if (frame != "acc")
        {
            Assert.Equal("me", ctrl.Str("topic"));
        }

        // The session is still waiting for {hi} and accepts it.
        FrameAssert.Ctrl(await client.HiAsync(), 201, "created");
    }

    [Fact]
    public async Task A_note_before_hi_is_dropped_silently()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();

        await client.NoteAsync("me", "kp");
        var hi = await client.HiAsync();

        FrameAssert.Ctrl(hi, 201, "created");
        Assert.Empty(client.Backlog);
    }

    [Theory]
    [InlineData("0.20")]
    [InlineData("0.25.3")]
    [InlineData("v0.25.3-rc1")]
    [InlineData("1.0")]
    public async Task Hi_accepts_versions_from_0_20(string version)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();

        var ctrl = await client.RequestAsync("hi", new JsonObject { ["ver"] = version });

        FrameAssert.Ctrl(ctrl, 201, "created");
        Assert.Equal("0.25", ctrl.GetProperty("params").Str("ver"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("banana")]
    [InlineData("0")]
    [InlineData("0.x")]
    public async Task Hi_with_a_missing_or_unparsable_version_is_400(string? version)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();

        var body = new JsonObject { ["ua"] = "x" };
        if (version is not null)
        {
            body["ver"] = version;
        }

        FrameAssert.Ctrl(await client.RequestAsync("hi", body), 400, "malformed");
        // The failed hi did not count: a good one is still the first.
        FrameAssert.Ctrl(await client.HiAsync(), 201, "created");
    }

    [Theory]
    [InlineData("0.19")]
    [InlineData("0.15.2")]
    public async Task Hi_with_a_version_older_than_0_20_is_505(string version)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();

        FrameAssert.Ctrl(await client.RequestAsync("hi", new JsonObject { ["ver"] = version }), 505, "version not supported");
        FrameAssert.Ctrl(await client.HiAsync(), 201, "created");
    }

    [Fact]
    public async Task Hi_reports_every_limit()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxSubscriberCount=7", "--Broker:MaxTagCount=5");
        await using var client = await broker.ConnectAsync();

        var parameters = (await client.HiAsync()).GetProperty("params");

        Assert.StartsWith("broker:", parameters.Str("build"));
        Assert.Equal(7, parameters.Long("maxSubscriberCount"));
        Assert.Equal(5, parameters.Long("maxTagCount"));
        Assert.Equal(2, parameters.Long("minTagLength"));
        Assert.Equal(96, parameters.Long("maxTagLength"));
        Assert.Equal(8 * 1024 * 1024, parameters.Long("maxFileUploadSize"));
        Assert.Equal(0, parameters.Long("msgDelAge"));
    }

    [Fact]
    public async Task Second_hi_before_login_is_401()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        FrameAssert.Ctrl(await client.HiAsync(), 401, "authentication required");
    }

    [Fact]
    public async Task Second_hi_after_login_is_201_without_params_or_200_when_the_device_changes()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.UserAsync("alice");

        var same = await client.RequestAsync("hi", new JsonObject { ["ver"] = "0.25" });
        var noVersion = await client.RequestAsync("hi", new JsonObject { ["lang"] = "de-DE" });
        var device = await client.RequestAsync("hi", new JsonObject { ["dev"] = "device-token-1" });

        FrameAssert.Ctrl(same, 201, "created");
        Assert.False(same.Has("params"));
        FrameAssert.Ctrl(noVersion, 201, "created");
        FrameAssert.Ctrl(device, 200, "ok");
        Assert.False(device.Has("params"));
    }

    [Fact]
    public async Task Second_hi_with_another_version_is_out_of_sequence()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.UserAsync("alice");

        FrameAssert.Ctrl(await client.RequestAsync("hi", new JsonObject { ["ver"] = "0.24" }), 409, "command out of sequence");
    }

    [Fact]
    public async Task The_probe_1_is_answered_with_0_before_and_after_hi()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();

        await client.SendRawAsync("1");
        var first = await client.ExpectAsync(f => f.Has("raw"), "probe reply");
        await client.HiAsync();
        await client.SendRawAsync("1");
        var second = await client.ExpectAsync(f => f.Has("raw"), "probe reply");

        Assert.Equal("0", first.Str("raw"));
        Assert.Equal("0", second.Str("raw"));
    }

    [Fact]
    public async Task Register_login_and_chat_in_a_group()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.ConnectAsync();
        await using var bob = await broker.ConnectAsync();
        Assert.Equal(200, (await alice.RegisterAsync("alice")).GetProperty("code").GetInt32());
        Assert.Equal(200, (await bob.RegisterAsync("bob")).GetProperty("code").GetInt32());

        var created = await alice.SubAsync("new");
        Assert.Equal(200, created.GetProperty("code").GetInt32());
        var group = created.GetProperty("topic").GetString()!;
        Assert.StartsWith("grp", group);
        Assert.Equal(200, (await bob.SubAsync(group)).GetProperty("code").GetInt32());

        var seq = await alice.PubAsync(group, "hello");

        Assert.Equal(1, seq);
        var data = await bob.ExpectDataAsync(group, 1);
        Assert.Equal(alice.UserId, data.GetProperty("from").GetString());
        Assert.Equal("hello", data.GetProperty("content").GetString());
        await alice.ExpectDataAsync(group, 1);
    }
}
