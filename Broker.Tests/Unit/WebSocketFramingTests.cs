using System.Net.WebSockets;
using Broker.Transport;

namespace Broker.Tests.Unit;

public sealed class WebSocketFramingTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(125, 2)]
    [InlineData(126, 4)]
    [InlineData(65535, 4)]
    [InlineData(65536, 10)]
    public void Header_length_follows_the_payload_length_encoding(int payload, int header)
    {
        Span<byte> buffer = stackalloc byte[WebSocketFraming.MaxHeaderLength];

        Assert.Equal(header, WebSocketFraming.HeaderLength(payload));
        Assert.Equal(header, WebSocketFraming.WriteTextHeader(buffer, payload));
        Assert.Equal(0x81, buffer[0]);
    }

    [Fact]
    public async Task A_batch_of_frames_reads_back_as_the_same_messages_through_the_runtime_websocket()
    {
        var ct = TestContext.Current.CancellationToken;
        int[] sizes = [0, 1, 125, 126, 300, 65535, 65536, 70_000, 200_000];
        var payloads = sizes.Select((size, n) => Enumerable.Range(0, size).Select(i => (byte)('a' + ((i + n) % 26))).ToArray()).ToList();
        var wire = new MemoryStream();
        var batch = default(FrameBatch);
        foreach (var payload in payloads)
        {
            if (!batch.Fits(payload))
            {
                await wire.WriteAsync(batch.Bytes, ct);
                batch.Clear();
            }

            batch.Add(payload);
        }

        await wire.WriteAsync(batch.Bytes, ct);
        batch.Clear();

        wire.Position = 0;
        using var client = WebSocket.CreateFromStream(wire, new WebSocketCreationOptions { IsServer = false });
        var buffer = new byte[256 * 1024];
        foreach (var expected in payloads)
        {
            var received = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await client.ReceiveAsync(buffer.AsMemory(received), ct);
                received += result.Count;
            }
            while (!result.EndOfMessage);

            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            Assert.Equal(expected, buffer.AsSpan(0, received).ToArray());
        }

        Assert.Equal(wire.Length, wire.Position);
    }

    [Fact]
    public void Small_frames_share_one_batch_up_to_the_target_size()
    {
        var batch = default(FrameBatch);
        var frame = new byte[1000];
        var added = 0;
        while (batch.Fits(frame))
        {
            batch.Add(frame);
            added++;
        }

        Assert.Equal(FrameBatch.TargetBytes / 1004, added);
        Assert.Equal(added * 1004, batch.Length);
        batch.Clear();
        Assert.Equal(0, batch.Length);
    }
}
