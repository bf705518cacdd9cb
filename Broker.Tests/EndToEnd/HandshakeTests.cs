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
