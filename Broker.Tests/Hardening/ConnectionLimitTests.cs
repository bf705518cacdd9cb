using System.Net;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Broker.Tests.Hardening;

/// <summary>Upgrades past the per-address or global connection cap get HTTP 503 before the WebSocket is accepted.</summary>
public sealed class ConnectionLimitTests
{
    private static HttpMessageInvoker From(string address) => LoopbackConnector.Create(IPAddress.Parse(address));

    [Fact]
    public async Task Per_address_cap_refuses_the_next_upgrade_with_503_and_frees_the_slot_on_close()
    {
        var logs = new LogCapture();
        await using var broker = await TestBroker.StartAsync(b => logs.AddTo(b.Logging), "--Broker:MaxConnectionsPerAddress=2");
        await using var first = await broker.ConnectFromAsync("127.0.0.2");
        await using var second = await broker.ConnectFromAsync("127.0.0.2");
        await first.HiAsync();
        await second.HiAsync();

        var (status, _) = await UpgradeAttempt.TryAsync(broker.WebSocketUri, From("127.0.0.2"));
        Assert.Equal(503, status);
        var (again, _) = await UpgradeAttempt.TryAsync(broker.WebSocketUri, From("127.0.0.2"));
        Assert.Equal(503, again); // a refused attempt does not hold a slot either way

        // Another address is not affected.
        await using var other = await broker.ConnectFromAsync("127.0.0.3");
        Assert.Equal(201, (await other.HiAsync()).GetProperty("code").GetInt32());

        // Closing one connection frees its slot.
        await first.DisposeAsync();
        await logs.WaitForAsync(e => e.EventId == 4003 && e.Values.Contains("RemoteAddress=127.0.0.2"), "slot of 127.0.0.2 released");
        await using var third = await broker.ConnectFromAsync("127.0.0.2");
        Assert.Equal(201, (await third.HiAsync()).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Global_cap_refuses_the_next_upgrade_with_503()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxConnections=2");
        await using var first = await broker.ConnectFromAsync("127.0.0.2");
        await using var second = await broker.ConnectFromAsync("127.0.0.3");
        await first.HiAsync();
        await second.HiAsync();

        var (status, _) = await UpgradeAttempt.TryAsync(broker.WebSocketUri, From("127.0.0.4"));

        Assert.Equal(503, status);
    }

    [Fact]
    public async Task Allowed_origins_refuse_other_browser_origins_with_403_before_the_upgrade()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:AllowedOrigins:0=https://chat.example.com");

        var (foreign, _) = await UpgradeAttempt.TryAsync(broker.WebSocketUri, origin: "https://evil.example.net");
        var (allowed, allowedSocket) = await UpgradeAttempt.TryAsync(broker.WebSocketUri, origin: "https://chat.example.com");
        var (noOrigin, noOriginSocket) = await UpgradeAttempt.TryAsync(broker.WebSocketUri);

        Assert.Equal(403, foreign);
        Assert.Equal(101, allowed);
        Assert.Equal(101, noOrigin);
        allowedSocket!.Dispose();
        noOriginSocket!.Dispose();
    }

    [Fact]
    public async Task Any_origin_is_allowed_when_none_is_configured()
    {
        await using var broker = await TestBroker.StartAsync();

        var (status, socket) = await UpgradeAttempt.TryAsync(broker.WebSocketUri, origin: "https://anywhere.example.org");

        Assert.Equal(101, status);
        socket!.Dispose();
    }
}
