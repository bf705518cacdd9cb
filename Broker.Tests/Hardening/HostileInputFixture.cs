using System.Text.Json.Nodes;
using Broker.Protocol.Names;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Hardening;

/// <summary>
/// One broker with victims for <see cref="HostileInputTests"/>: alice owns an open group and a group closed to new
/// members, and has a p2p topic with bob.
/// </summary>
public sealed class HostileInputFixture : IAsyncLifetime
{
    private int users;

    public TestBroker Broker { get; private set; } = null!;

    public TestClient Alice { get; private set; } = null!;

    public TestClient Bob { get; private set; } = null!;

    public string OpenGroup { get; private set; } = null!;

    public string ClosedGroup { get; private set; } = null!;

    public string P2P { get; private set; } = null!;

    public string NextLogin() => "mallory" + Interlocked.Increment(ref users);

    public async ValueTask InitializeAsync()
    {
        Broker = await TestBroker.StartAsync("--Broker:RateLimit:PubPerSecond=0", "--Broker:RateLimit:FramesPerSecond=0");
        Alice = await Broker.ConnectAsync();
        Bob = await Broker.ConnectAsync();
        await Alice.RegisterAsync("alice");
        await Bob.RegisterAsync("bob");
        OpenGroup = (await Alice.SubAsync("new")).GetProperty("topic").GetString()!;
        ClosedGroup = (await Alice.SubAsync("new", set: new JsonObject
        {
            ["desc"] = new JsonObject { ["defacs"] = new JsonObject { ["auth"] = "N", ["anon"] = "N" } },
        })).GetProperty("topic").GetString()!;
        await Alice.SubAsync(Bob.UserId!);
        await Alice.PubAsync(Bob.UserId!, "secret p2p");
        await Alice.PubAsync(ClosedGroup, "secret group");
        UserId.TryParse(Alice.UserId, out var a);
        UserId.TryParse(Bob.UserId, out var b);
        P2P = TopicNames.P2PName(a, b);
    }

    public async ValueTask DisposeAsync()
    {
        await Alice.DisposeAsync();
        await Bob.DisposeAsync();
        await Broker.DisposeAsync();
    }
}
