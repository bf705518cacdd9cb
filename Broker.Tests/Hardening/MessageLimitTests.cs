using System.Net.WebSockets;
using System.Text;
using Broker.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Broker.Tests.Hardening;

/// <summary>Protocol violations at the WebSocket level end the connection with the matching close code.</summary>
public sealed class MessageLimitTests
{
    [Fact]
    public async Task Message_over_MaxMessageSize_closes_with_1009_and_logs()
    {
        var logs = new LogCapture();
        await using var broker = await TestBroker.StartAsync(b => logs.AddTo(b.Logging), "--Broker:MaxMessageSize=4096");
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        // Sent in fragments so the server sees the size grow past the limit before the message ends.
        var chunk = Encoding.UTF8.GetBytes(new string('x', 1024));
        var sending = Task.Run(async () =>
        {
            try
            {
                await client.SendFragmentsAsync("{\"pub\":{\"content\":\"", chunk, 16);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
            {
                // The server may close before the whole message is out.
            }
        }, TestContext.Current.CancellationToken);

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await client.WaitClosedAsync());
        await logs.WaitForAsync(e => e.EventId == 1004, "message too large log line");
        await sending.WaitAsync(TestClient.DefaultTimeout, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Message_at_MaxMessageSize_is_accepted()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:MaxMessageSize=4096");
        await using var client = await broker.ConnectAsync();
        await client.RegisterAsync("big");
        var prefix = "{\"hi\":{\"id\":\"big\",\"ua\":\"";
        var suffix = "\"}}";
        var frame = prefix + new string('u', 4096 - prefix.Length - suffix.Length) + suffix;
        Assert.Equal(4096, Encoding.UTF8.GetByteCount(frame));

        await client.SendRawAsync(frame);

        Assert.Equal(201, (await client.CtrlAsync("big")).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Binary_frame_closes_with_1003()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        await client.SendBytesAsync(Encoding.UTF8.GetBytes("{\"hi\":{\"id\":\"2\"}}"), WebSocketMessageType.Binary);

        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, await client.WaitClosedAsync());
    }

    [Fact]
    public async Task Invalid_utf8_in_a_text_frame_closes_with_1007()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var client = await broker.ConnectAsync();
        await client.HiAsync();

        // 0xC3 0x28 is an invalid two-byte sequence; ClientWebSocket sends text frames as given.
        byte[] invalid = [.. "{\"hi\":{\"id\":\"2\",\"ua\":\""u8, 0xC3, 0x28, .. "\"}}"u8];
        await client.SendBytesAsync(invalid, WebSocketMessageType.Text);

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, await client.WaitClosedAsync());
    }
}
