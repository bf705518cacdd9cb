using System.Collections.Concurrent;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Emc;

/// <summary>
/// The outbox across a crash: outbound messages acknowledged while the gateway is down, the broker killed with
/// SIGKILL and restarted, the gateway back: every message reaches the gateway, none is lost, ids are stable.
/// </summary>
public sealed class EmcDurabilityTests : IDisposable
{
    private const string Secret = "emc-gateway-secret-0123456789";
    private readonly string folder = Directory.CreateTempSubdirectory("broker-emc-durability-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Every_acknowledged_outbound_message_reaches_the_gateway_after_kill_9_and_restart_with_its_id()
    {
        var port = BrokerProcess.FreePort();
        var gatewayPort = BrokerProcess.FreePort();
        string[] args =
        [
            "--Storage:Provider=sqlite", "--Storage:Sqlite:Path=" + Path.Combine(folder, "broker.db"),
            "--Auth:TokenKey=" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            "--Auth:PasswordIterations=1000",
            "--Broker:RateLimit:PubPerSecond=0", "--Broker:RateLimit:FramesPerSecond=0",
            $"--Broker:Emc:OutboundUrl=http://127.0.0.1:{gatewayPort}/hook",
            "--Broker:Emc:Secret=" + Secret,
            "--Broker:Emc:FirstRetryDelay=00:00:00.100",
            "--Broker:Emc:MaxRetryDelay=00:00:00.500",
            "--Broker:Emc:PollInterval=00:00:00.100",
        ];
        var uri = new Uri($"ws://127.0.0.1:{port}/v0/channels?apikey={TestBroker.DemoApiKey}");
        var acked = new ConcurrentDictionary<long, string>();
        string topic;
        using (var broker = await BrokerProcess.StartAsync(port, args))
        {
            // The gateway is down (nothing listens on its port): every attempt fails and is rescheduled.
            await using var alice = await TestClient.ConnectAsync(uri);
            await alice.RegisterAsync("alice");
            topic = EmcTopicTests.EmcOf(alice);
            FrameAssert.Ctrl(await alice.SubAsync(topic), 200, "ok");
            for (var i = 0; i < 40; i++)
            {
                var text = "outbound " + i;
                var ack = await EmcTopicTests.PubEmcAsync(alice, topic, text, "+1555000" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
                FrameAssert.Ctrl(ack, 202, "accepted");
                acked[ack.GetProperty("params").Long("seq")!.Value] = text;
            }

            broker.Kill();
        }

        await using var gateway = await WebhookReceiver.StartAsync(gatewayPort);
        using var restarted = await BrokerProcess.StartAsync(port, args);
        var delivered = new Dictionary<string, ReceivedHook>();
        while (delivered.Count < acked.Count)
        {
            var hook = await gateway.ExpectAsync(h => !delivered.ContainsKey(h.Delivery), $"a new delivery ({delivered.Count} of {acked.Count} so far)");
            delivered[hook.Delivery] = hook;
        }

        Assert.Equal(acked.Keys.Select(seq => $"{topic}:{seq}").Order(), delivered.Keys.Order());
        foreach (var (seq, text) in acked)
        {
            var hook = delivered[$"{topic}:{seq}"];
            Assert.True(hook.IsSignedWith(Secret));
            Assert.Equal(seq, hook.Json.Long("seq"));
            Assert.Equal(topic + ":" + seq, hook.Json.Str("id"));
            Assert.Equal(text, hook.Json.Str("content"));
        }

        // After the restart new messages go straight through.
        await using var again = await TestClient.ConnectAsync(uri);
        await again.HiAsync();
        FrameAssert.Ctrl(await again.LoginAsync("alice"), 200, "ok");
        FrameAssert.Ctrl(await again.SubAsync(topic), 200, "ok");
        var next = await EmcTopicTests.PubEmcAsync(again, topic, "after the crash", "+15550009999");
        var nextSeq = next.GetProperty("params").Long("seq");
        Assert.Equal(acked.Count + 1, nextSeq);
        var after = await gateway.ExpectAsync(h => h.Delivery == $"{topic}:{nextSeq}", "the message sent after the restart");
        Assert.Equal("after the crash", after.Json.Str("content"));
    }
}
