using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>Restart and crash (kill -9) of a broker on each file store: nothing acknowledged is lost or duplicated.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("broker-durability-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The command-line arguments that put the broker on <paramref name="provider"/> with a file in the test's folder.</summary>
    private string[] Store(string provider) => provider switch
    {
        "sqlite" => ["--Storage:Provider=sqlite", "--Storage:Sqlite:Path=" + Path.Combine(folder, "broker.db")],
        "litedb" => ["--Storage:Provider=litedb", "--Storage:LiteDb:Path=" + Path.Combine(folder, "broker.litedb")],
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "not a file store"),
    };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("litedb")]
    public async Task Users_groups_members_messages_and_read_markers_survive_a_restart(string provider)
    {
        string group;
        string aliceId;
        await using (var broker = await TestBroker.StartAsync(Store(provider)))
        {
            await using var alice = await broker.UserAsync("alice");
            await using var bob = await broker.UserAsync("bob");
            aliceId = alice.UserId!;
            group = await alice.CreateGroupAsync(new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "Club" } } });
            Assert.Equal(200, (await bob.SubAsync(group)).GetProperty("code").GetInt32());
            for (var i = 1; i <= 3; i++)
            {
                Assert.Equal(i, await alice.PubAsync(group, "m" + i));
            }

            await bob.ExpectDataAsync(group, 3);
            await bob.NoteAsync(group, "read", 2);
            await bob.BarrierAsync(group);
            await broker.StopAsync();
        }

        await using var again = await TestBroker.StartAsync(Store(provider));
        await using var bobAgain = await again.ConnectAsync();
        await bobAgain.HiAsync();
        Assert.Equal(200, (await bobAgain.LoginAsync("bob")).GetProperty("code").GetInt32());
        Assert.Equal(200, (await bobAgain.SubAsync(group)).GetProperty("code").GetInt32());

        var desc = await bobAgain.GetDescAsync(group);
        Assert.Equal(3, desc.GetProperty("seq").GetInt64());
        Assert.Equal(2, desc.GetProperty("read").GetInt64());
        Assert.Equal("Club", desc.GetProperty("public").GetProperty("fn").GetString());
        var members = (await bobAgain.GetSubsAsync(group)).EnumerateArray().Select(s => s.GetProperty("user").GetString()).ToList();
        Assert.Contains(aliceId, members);
        var history = await bobAgain.GetSeqsAsync(group);
        Assert.Equal(new long[] { 3, 2, 1 }, history);
        Assert.Equal(4, await bobAgain.PubAsync(group, "after restart"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("litedb")]
    public async Task Every_acknowledged_message_survives_kill_9_exactly_once_and_seqs_stay_contiguous(string provider)
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var port = BrokerProcess.FreePort();
        string group;
        var acked = new ConcurrentDictionary<string, long>();
        using (var broker = await StartProcessAsync(Store(provider), key, port))
        {
            var uri = new Uri($"ws://127.0.0.1:{port}/v0/channels?apikey={TestBroker.DemoApiKey}");
            var clients = new List<TestClient>();
            for (var i = 0; i < 3; i++)
            {
                var client = await TestClient.ConnectAsync(uri);
                await client.RegisterAsync("writer" + i);
                clients.Add(client);
            }

            group = await clients[0].CreateGroupAsync();
            foreach (var client in clients.Skip(1))
            {
                Assert.Equal(200, (await client.SubAsync(group)).GetProperty("code").GetInt32());
            }

            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var writers = clients.Select((client, index) => Task.Run(async () =>
            {
                for (var n = 0; n < 100_000; n++)
                {
                    var text = $"w{index}-{n}";
                    try
                    {
                        acked[text] = await client.PubAsync(group, text, noEcho: true);
                    }
                    // The broker was killed: the writer stops. A send under way when the receive side saw the
                    // connection drop ends in OperationCanceledException ("closed stream"), even with no token.
                    catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or OperationCanceledException
                        or System.Net.WebSockets.WebSocketException)
                    {
                        return;
                    }

                    if (acked.Count >= 300)
                    {
                        enough.TrySetResult();
                    }
                }
            })).ToList();

            await enough.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            broker.Kill();
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        using var restarted = await StartProcessAsync(Store(provider), key, port);
        await using var reader = await TestClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/v0/channels?apikey={TestBroker.DemoApiKey}"));
        await reader.HiAsync();
        Assert.Equal(200, (await reader.LoginAsync("writer1")).GetProperty("code").GetInt32());
        Assert.Equal(200, (await reader.SubAsync(group)).GetProperty("code").GetInt32());

        var history = new List<JsonElement>();
        long before = 0;
        while (true)
        {
            var options = new JsonObject { ["limit"] = 100 };
            if (before > 0)
            {
                options["before"] = before;
            }

            var (page, _) = await reader.GetDataAsync(group, options);
            if (page.Count == 0)
            {
                break;
            }

            history.AddRange(page);
            before = page.Min(d => d.GetProperty("seq").GetInt64());
        }

        var seqs = history.Select(d => d.GetProperty("seq").GetInt64()).OrderBy(s => s).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        var stored = history.ToDictionary(d => d.GetProperty("content").GetString()!, d => d.GetProperty("seq").GetInt64());
        Assert.True(acked.Count >= 300);
        foreach (var (text, seq) in acked)
        {
            Assert.True(stored.TryGetValue(text, out var storedSeq), $"acknowledged message {text} (seq {seq}) was lost");
            Assert.Equal(seq, storedSeq);
        }

        Assert.Equal(seqs.Count + 1, await reader.PubAsync(group, "after the crash"));
    }

    /// <summary>The broker as a separate process on <paramref name="port"/>, so that it can be killed with SIGKILL.</summary>
    private static Task<BrokerProcess> StartProcessAsync(string[] store, string tokenKey, int port) =>
        BrokerProcess.StartAsync(port, [
            .. store,
            "--Auth:TokenKey=" + tokenKey, "--Auth:PasswordIterations=1000",
            "--Broker:RateLimit:PubPerSecond=0", "--Broker:RateLimit:FramesPerSecond=0",
        ]);
}
