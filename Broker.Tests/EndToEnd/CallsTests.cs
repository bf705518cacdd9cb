using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary><c>Calls:IceServers</c> as <c>{hi}</c> reports it: absent by default (calls off), as configured otherwise.</summary>
public sealed class CallsTests
{
    [Fact]
    public async Task Hi_has_no_ice_servers_by_default()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();

        var ctrl = await client.HiAsync();

        Assert.False(ctrl.GetProperty("params").TryGetProperty("iceServers", out _));
    }

    [Fact]
    public async Task Hi_reports_the_configured_ice_servers()
    {
        await using var broker = await TestBroker.StartAsync(
            "--Calls:IceServers:0:Urls:0=stun:stun.example.com:3478",
            "--Calls:IceServers:1:Urls:0=turn:turn.example.com:3478",
            "--Calls:IceServers:1:Username=turnuser",
            "--Calls:IceServers:1:Credential=turnpass");
        await using var client = await broker.ConnectAsync();

        var servers = (await client.HiAsync()).GetProperty("params").GetProperty("iceServers");

        Assert.Equal(2, servers.GetArrayLength());
        Assert.Equal("stun:stun.example.com:3478", servers[0].GetProperty("urls")[0].GetString());
        Assert.False(servers[0].TryGetProperty("username", out _));
        Assert.Equal("turn:turn.example.com:3478", servers[1].GetProperty("urls")[0].GetString());
        Assert.Equal("turnuser", servers[1].GetProperty("username").GetString());
        Assert.Equal("turnpass", servers[1].GetProperty("credential").GetString());
    }
}
