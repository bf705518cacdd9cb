using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Sessions;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.Hardening;

/// <summary>
/// A subscriber that stops reading is closed once its outbox passes its byte budget, and detached from the topic; the
/// publisher and the other subscribers keep their pace and lose nothing. A backlog of many small frames within the
/// budget is no reason to close anyone; when all outboxes together reach the process budget, the largest backlogs go first.
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

    [Fact]
    public async Task A_subscriber_thousands_of_frames_behind_but_within_its_byte_budget_keeps_its_connection_and_gets_everything()
    {
        // Enough that the kernel's socket buffers (which take up to a few MB on loopback) cannot hide the backlog.
        const int count = 40_000;
        var logs = new LogCapture();
        await using var broker = await TestBroker.StartAsync(
            b => logs.AddTo(b.Logging),
            "--Broker:RateLimit:PubPerSecond=0",
            "--Broker:RateLimit:FramesPerSecond=0");
        await using var alice = await broker.UserAsync("alice");
        var group = await alice.CreateGroupAsync();
        var (carol, carolSession) = await StalledSubscriberAsync(broker, "carol", group);
        using var carolSocket = carol;

        var content = new string('x', 100);
        for (var sent = 0; sent < count; sent += 500)
        {
            var acks = await alice.PubManyAsync(group, 500, _ => content);
            Assert.All(acks, ack => Assert.Equal(202, ack.GetProperty("code").GetInt32()));
        }

        // The topic handled the fan-out of every message before it acknowledges the next one.
        await alice.PubAsync(group, content, noEcho: true);
        var session = broker.Services.GetRequiredService<SessionRegistry>().All.Single(s => s.Id == carolSession);
        var frameLength = Encoding.UTF8.GetByteCount($$$"""{"data":{"topic":"{{{group}}}","from":"{{{alice.UserId}}}","ts":"2026-01-06T18:00:00.000Z","seq":1000,"content":"{{{content}}}"}}""");
        Assert.True(session.QueuedBytes > 2048L * frameLength, $"only {session.QueuedBytes} bytes queued: the test must hold more than 2,048 frames back");
        Assert.False(session.IsClosing);

        for (var seq = 1; seq <= count + 1; seq++)
        {
            var data = await NextDataAsync(carol);
            Assert.Equal(seq, data.GetProperty("seq").GetInt64());
        }

        Assert.Equal(WebSocketState.Open, carol.State);
        Assert.DoesNotContain(logs.Entries, e => e.EventId is 1003 or 1013);
    }

    [Fact]
    public async Task When_all_outboxes_reach_the_process_budget_the_largest_backlog_is_closed_and_the_smaller_ones_keep_everything()
    {
        var logs = new LogCapture();
        await using var broker = await TestBroker.StartAsync(
            b => logs.AddTo(b.Logging),
            "--Broker:OutboxBudgetBytes=8000000",
            "--Broker:OutboxMaxBytes=67108864",
            "--Broker:RateLimit:PubPerSecond=0",
            "--Broker:RateLimit:FramesPerSecond=0");
        await using var alice = await broker.UserAsync("alice");
        var heavy = await alice.CreateGroupAsync();
        var medium = await alice.CreateGroupAsync();
        var light = await alice.CreateGroupAsync();
        var (heavyReader, heavySession) = await StalledSubscriberAsync(broker, "heavy", heavy);
        var (mediumReader, mediumSession) = await StalledSubscriberAsync(broker, "medium", medium);
        var (lightReader, lightSession) = await StalledSubscriberAsync(broker, "light", light);
        using var disposeHeavy = heavyReader;
        using var disposeMedium = mediumReader;
        using var disposeLight = lightReader;

        // 8 KB messages, three to the heavy topic for each one to the medium topic: about 14.7, 4.9 and 0.7 MB, of which
        // the kernel's socket buffers may take up to a few MB each.
        var content = new string('z', 8 * 1024);
        for (var i = 0; i < 1800; i++)
        {
            await alice.PubAsync(heavy, content, noEcho: true);
            if (i % 3 == 0)
            {
                await alice.PubAsync(medium, content, noEcho: true);
            }

            if (i % 20 == 0)
            {
                await alice.PubAsync(light, content, noEcho: true);
            }
        }

        await logs.WaitForAsync(e => e.EventId == 1013 && e.Values.Contains("SessionId=" + heavySession), "the heavy reader closed over the process budget");
        Assert.DoesNotContain(logs.Entries, e => e.EventId is 1003 or 1013 && (e.Values.Contains("SessionId=" + mediumSession) || e.Values.Contains("SessionId=" + lightSession)));

        for (var seq = 1; seq <= 600; seq++)
        {
            Assert.Equal(seq, (await NextDataAsync(mediumReader)).GetProperty("seq").GetInt64());
        }

        for (var seq = 1; seq <= 90; seq++)
        {
            Assert.Equal(seq, (await NextDataAsync(lightReader)).GetProperty("seq").GetInt64());
        }

        Assert.Equal(WebSocketState.Open, mediumReader.State);
        Assert.Equal(WebSocketState.Open, lightReader.State);
        var status = await DrainUntilClosedAsync(heavyReader);
        Assert.True(status is null or WebSocketCloseStatus.PolicyViolation, $"closed with {status}");
    }

    /// <summary>A subscriber with a tiny receive buffer that, once attached, reads nothing until the test says so.</summary>
    private static async Task<(ClientWebSocket Socket, string SessionId)> StalledSubscriberAsync(TestBroker broker, string login, string group)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TestClient.DefaultTimeout);
        await socket.ConnectAsync(broker.WebSocketUri, LoopbackConnector.Create(receiveBufferSize: 4096), timeout.Token);
        var hello = await RequestAsync(socket, """{"hi":{"id":"1","ver":"0.25"}}""", "1");
        await RequestAsync(socket, new JsonObject
        {
            ["acc"] = new JsonObject { ["id"] = "2", ["user"] = "new", ["scheme"] = "basic", ["secret"] = TestClient.BasicSecret(login, "secret123"), ["login"] = true },
        }.ToJsonString(), "2");
        Assert.Equal(200, (await RequestAsync(socket, new JsonObject { ["sub"] = new JsonObject { ["id"] = "3", ["topic"] = group } }.ToJsonString(), "3")).GetProperty("code").GetInt32());
        return (socket, hello.GetProperty("params").GetProperty("sid").GetString()!);
    }

    /// <summary>The next {data} frame on the socket (other frames are skipped).</summary>
    private static async Task<JsonElement> NextDataAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TestClient.DefaultTimeout);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            using var doc = JsonDocument.Parse(message.ToArray());
            if (doc.RootElement.TryGetProperty("data", out var data))
            {
                return data.Clone();
            }
        }
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
