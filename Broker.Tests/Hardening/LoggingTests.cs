using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Hardening;

/// <summary>No log entry, at any level, carries message content, passwords, secrets or tokens.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task Logs_never_contain_content_passwords_or_tokens()
    {
        const string password = "Pa55-word-never-logged";
        const string wrongPassword = "Wr0ng-guess-never-logged";
        const string content = "content-marker-never-logged";
        var logs = new LogCapture();
        await using var broker = await TestBroker.StartAsync(b => logs.AddTo(b.Logging), "--Broker:MaxMessageSize=4096");
        await using var alice = await broker.ConnectAsync();
        await using var bob = await broker.ConnectAsync();
        await alice.RegisterAsync("alice", password);
        await bob.RegisterAsync("bob", password);
        var group = (await alice.SubAsync("new", set: new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = content } } }))
            .GetProperty("topic").GetString()!;
        await bob.SubAsync(group);
        await alice.PubAsync(group, content);
        await bob.ExpectDataAsync(group, 1);
        await alice.RequestAsync("pub", new JsonObject { ["topic"] = "grpDoesNotExist", ["content"] = content });
        await alice.SendRawAsync("{\"pub\":{\"id\":\"bad\",\"content\":\"" + content + "\""); // malformed JSON

        await using var again = await broker.ConnectAsync();
        await again.HiAsync();
        await again.LoginAsync("alice", wrongPassword);
        await again.LoginTokenAsync(alice.Token!);
        await again.LoginAsync("alice", password);

        // Something was logged, among it the successful logins and the failed one.
        await logs.WaitForAsync(e => e.EventId == 1008, "login failed");
        await logs.WaitForAsync(e => e.EventId == 1007, "login ok");
        string[] secrets =
        [
            password,
            wrongPassword,
            content,
            alice.Token!,
            bob.Token!,
            TestClient.BasicSecret("alice", password),
            TestClient.BasicSecret("alice", wrongPassword),
        ];
        foreach (var entry in logs.Entries)
        {
            foreach (var secret in secrets)
            {
                Assert.False(entry.AllText.Contains(secret, StringComparison.Ordinal), $"log entry {entry.EventId} '{entry.Message}' contains a secret");
            }
        }
    }
}
