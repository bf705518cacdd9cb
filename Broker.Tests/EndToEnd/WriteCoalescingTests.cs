using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Broker.Observability;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Broker.Tests.EndToEnd;

/// <summary>
/// <c>Broker:WriteCoalesceDelay</c>: a session receiving a stream gets the frames of one delay in one socket write;
/// every frame still arrives, in order, and nothing waits longer than the delay.
/// </summary>
public sealed class WriteCoalescingTests
{
    private const int Messages = 20;

    [Fact]
    public async Task A_stream_of_messages_goes_out_in_fewer_writes_with_every_message_in_order()
    {
        var coalesced = await WritesForStreamAsync("00:00:00.250");
        var immediate = await WritesForStreamAsync("00:00:00");

        // Without coalescing each message (published one after the other) is a write of its own.
        Assert.True(immediate >= Messages / 2, $"{immediate} writes without coalescing");
        Assert.True(coalesced <= Messages / 4, $"{coalesced} writes with a 250 ms delay, {immediate} without");
    }

    /// <summary>
    /// Publishes <see cref="Messages"/> messages through the server API, one after the other, to a group one
    /// subscriber reads; returns how many writes the broker made to its WebSocket connections meanwhile.
    /// </summary>
    private static async Task<long> WritesForStreamAsync(string delay)
    {
        await using var broker = await TestBroker.StartAsync("--Broker:Admin:Key=" + AdminClient.Key, "--Broker:WriteCoalesceDelay=" + delay);
        using var admin = new AdminClient(broker.BaseUri);
        await using var reader = await broker.UserAsync("reader");
        var created = await reader.SubAsync("newStream", set: new JsonObject { ["desc"] = new JsonObject { ["public"] = new JsonObject { ["fn"] = "Stream" } } });
        FrameAssert.Ctrl(created, 200, "ok");
        var group = created.Str("topic")!;

        using var writes = new WriteCounter(broker.Services.GetRequiredService<BrokerMetrics>().Meter);
        for (var i = 1; i <= Messages; i++)
        {
            var (status, _) = await admin.PostAsync($"/v0/admin/topics/{group}/messages", new JsonObject { ["from"] = reader.UserId, ["content"] = "message " + i });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, status);
        }

        for (var seq = 1; seq <= Messages; seq++)
        {
            var data = await reader.ExpectDataAsync(group, seq);
            Assert.Equal("message " + seq, data.Str("content"));
        }

        return writes.Total;
    }

    /// <summary>Sums <c>broker.connection.writes</c> of one broker's meter from now on.</summary>
    private sealed class WriteCounter : IDisposable
    {
        private readonly MeterListener listener = new();
        private long total;

        public WriteCounter(Meter meter)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "broker.connection.writes")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref total, value));
            listener.Start();
        }

        public long Total => Interlocked.Read(ref total);

        public void Dispose() => listener.Dispose();
    }
}
