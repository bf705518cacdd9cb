using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.EndToEnd;

/// <summary>
/// A topic past <c>Broker:ParallelFanOutThreshold</c> delivers each publish batch from several threads: every
/// subscriber must still get every message once, in seq order, with its own form of the frame (readers of a channel
/// without the sender).
/// </summary>
public sealed class ParallelFanOutTests
{
    private const int PerPublisher = 60;

    [Fact]
    public async Task Every_subscriber_of_a_large_channel_gets_every_message_once_and_in_order()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:ParallelFanOutThreshold=3");
        await using var owner = await broker.UserAsync("owner");
        var created = await owner.SubAsync("nchBig", set: new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "Big" } } });
        FrameAssert.Ctrl(created, 200, "ok");
        var group = created.Str("topic")!;
        var channel = "chn" + group[3..];

        var members = new List<TestClient>();
        var readers = new List<TestClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var member = await broker.UserAsync("member" + i);
                members.Add(member);
                FrameAssert.Ctrl(await owner.SetSubAsync(group, member.UserId, "JRWPS"), 200, "ok");
                FrameAssert.Ctrl(await member.SubAsync(group), 200, "ok");
                var reader = await broker.UserAsync("reader" + i);
                readers.Add(reader);
                FrameAssert.Ctrl(await reader.SubAsync(channel), 200, "ok");
            }

            // Two publishers at once, without waiting for acks: the topic takes their publishes in shared batches.
            var second = members[0];
            var publishing = await Task.WhenAll(
                owner.PubManyAsync(group, PerPublisher, i => JsonValue.Create("owner " + i)),
                second.PubManyAsync(group, PerPublisher, i => JsonValue.Create("member " + i)));
            var ackSeqs = publishing.SelectMany(replies => replies).Select(ctrl =>
            {
                FrameAssert.Ctrl(ctrl, 202, "accepted");
                return ctrl.GetProperty("params").GetProperty("seq").GetInt64();
            }).Order().ToList();
            Assert.Equal(Enumerable.Range(1, 2 * PerPublisher).Select(i => (long)i), ackSeqs);

            foreach (var client in members.Prepend(owner))
            {
                await ExpectInOrderAsync(client, group, expectFrom: true);
            }

            foreach (var reader in readers)
            {
                await ExpectInOrderAsync(reader, channel, expectFrom: false);
            }
        }
        finally
        {
            foreach (var client in members.Concat(readers))
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task ExpectInOrderAsync(TestClient client, string topic, bool expectFrom)
    {
        for (var seq = 1L; seq <= 2 * PerPublisher; seq++)
        {
            var data = await client.ExpectFrameAsync("data", d => d.Str("topic") == topic, $"data on {topic}");
            Assert.Equal(seq, data.GetProperty("seq").GetInt64());
            Assert.Equal(expectFrom, data.TryGetProperty("from", out _));
            Assert.Equal(JsonValueKind.String, data.GetProperty("content").ValueKind);
        }

        Assert.DoesNotContain(client.Received(), f => f.TryGetProperty("data", out _));
    }
}
