using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Hardening;

/// <summary>
/// A subscriber that stops reading is closed once its outbox passes the byte bound, and detached from the topic; the
/// publisher and the other subscribers keep their pace and lose nothing.
/// </summary>
public sealed class SlowConsumerTests
{
    private const int OutboxMaxBytes = 1024 * 1024;
    private const int Window = 20;
    private const int Messages = 1000;

    [Fact]
    public async Task A_reader_that_stops_reading_is_closed_while_the_others_get_every_message()
    {
        var logs = new LogCapture();
        await using var broker = await TestBroker.StartAsync(
            b => logs.AddTo(b.Logging),
            "--Broker:OutboxCapacity=100000", // the byte bound, not the count, must catch it
            "--Broker:OutboxMaxBytes=" + OutboxMaxBytes,
            "--Broker:RateLimit:PubPerSecond=0",
            "--Broker:RateLimit:FramesPerSecond=0");
        await using var alice = await broker.ConnectAsync();
        await using var bob = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        await bob.RegisterAsync("bob");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;
        Assert.Equal(200, (await bob.SubAsync(group)).GetProperty("code").GetInt32());

        // Carol's socket has a tiny receive buffer, and after joining she never reads again.
        using var carol = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TestClient.DefaultTimeout);
        await carol.ConnectAsync(broker.WebSocketUri, LoopbackConnector.Create(receiveBufferSize: 4096), timeout.Token);
        var hello = await RequestAsync(carol, """{"hi":{"id":"1","ver":"0.25"}}""", "1");
        var carolSession = hello.GetProperty("params").GetProperty("sid").GetString()!;
        var registered = await RequestAsync(carol, new JsonObject
        {
            ["acc"] = new JsonObject { ["id"] = "2", ["user"] = "new", ["scheme"] = "basic", ["secret"] = TestClient.BasicSecret("carol", "secret123"), ["login"] = true },
        }.ToJsonString(), "2");
        var carolUser = registered.GetProperty("params").GetProperty("user").GetString()!;
        Assert.Equal(200, (await RequestAsync(carol, new JsonObject { ["sub"] = new JsonObject { ["id"] = "3", ["topic"] = group } }.ToJsonString(), "3")).GetProperty("code").GetInt32());

        var content = new string('z', 8 * 1024);
        for (var sent = 0; sent < Messages; sent += Window)
        {
            var acks = await alice.PubManyAsync(group, Window, _ => content);
            Assert.All(acks, ack => Assert.Equal(202, ack.GetProperty("code").GetInt32()));
        }

        for (var seq = 1; seq <= Messages; seq++)
        {
            await bob.ExpectDataAsync(group, seq);
        }

        var slow = await logs.WaitForAsync(e => e.EventId == 1003 && e.Values.Contains("SessionId=" + carolSession), "carol closed as a slow consumer");
        var queued = long.Parse(slow.Values.Single(v => v.StartsWith("Bytes=", StringComparison.Ordinal))["Bytes=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(queued, 0, OutboxMaxBytes);
        await bob.ExpectPresAsync(group, "off", carolUser); // detached from the topic

        // Whatever was already in flight drains, then the connection ends: a 1008 close, or an abort if the server gave up waiting.
        var status = await DrainUntilClosedAsync(carol);
        Assert.True(status is null or WebSocketCloseStatus.PolicyViolation, $"closed with {status}");
        if (status is not null)
        {
            Assert.Equal("slow consumer", carol.CloseStatusDescription);
        }

        // The topic still serves everyone else.
        Assert.Equal(Messages + 1, await alice.PubAsync(group, "still here"));
        await bob.ExpectDataAsync(group, Messages + 1);
    }

    private static async Task<JsonElement> RequestAsync(ClientWebSocket socket, string frame, string id)
    {
        using var timeout = new CancellationTokenSource(TestClient.DefaultTimeout);
        await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            using var doc = JsonDocument.Parse(message.ToArray());
            if (doc.RootElement.TryGetProperty("ctrl", out var ctrl) && ctrl.TryGetProperty("id", out var got) && got.GetString() == id)
            {
                return ctrl.Clone();
            }
        }
    }

    /// <summary>Reads and discards until the connection ends; the close status, or null when it was aborted.</summary>
    private static async Task<WebSocketCloseStatus?> DrainUntilClosedAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return result.CloseStatus;
                }
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
    }
}
