using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Broker.Transport.LongPoll;

/// <summary>
/// The "socket" of a long polling session: a <see cref="WebSocket"/> whose messages come from the client's POST
/// bodies and go out as poll responses, so that the session (dispatch, limits, outbox, slow-consumer policy, closing)
/// is the very one a WebSocket client gets. Hand-written because the framework has no long polling transport that
/// speaks Tinode's wire format (one JSON frame per request or response, the <c>sid</c> in the query).
/// </summary>
internal sealed class LongPollSocket : WebSocket
{
    /// <summary>Client frames posted and not yet read by the session; a POST past it waits (backpressure).</summary>
    private const int IncomingCapacity = 16;

    private readonly Channel<byte[]> incoming = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(IncomingCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // One frame handed over and waiting for a poll: the rest waits in the session's outbox, where it counts against
    // the session's byte budget like a WebSocket client's backlog.
    private readonly Channel<byte[]> outgoing = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(1) { SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private byte[]? current;
    private int offset;
    private volatile int state = (int)WebSocketState.Open;
    private WebSocketCloseStatus? closeStatus;
    private string? closeDescription;

    public override WebSocketCloseStatus? CloseStatus => closeStatus;

    public override string? CloseStatusDescription => closeDescription;

    public override WebSocketState State => (WebSocketState)state;

    public override string? SubProtocol => null;

    /// <summary>True once the session closed its side and every frame it sent was taken by a poll.</summary>
    public bool IsFinished => outgoing.Reader.Completion.IsCompleted;

    /// <summary>Queues one client frame for the session; false when the session is gone.</summary>
    public async ValueTask<bool> PostAsync(byte[] frame, CancellationToken cancellationToken)
    {
        try
        {
            await incoming.Writer.WriteAsync(frame, cancellationToken);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>Waits for the next frame the session sent: null when <paramref name="cancellationToken"/> fired first or the session is finished.</summary>
    public async ValueTask<byte[]?> PollAsync(CancellationToken cancellationToken)
    {
        while (await outgoing.Reader.WaitToReadAsync(cancellationToken))
        {
            if (outgoing.Reader.TryRead(out var frame))
            {
                return frame;
            }
        }

        return null;
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (current is null)
        {
            if (!await incoming.Reader.WaitToReadAsync(cancellationToken) || !incoming.Reader.TryRead(out current))
            {
                // The client is gone (abandoned, aborted) or the session closed: as a WebSocket's close frame.
                return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, endOfMessage: true);
            }

            offset = 0;
        }

        // A zero-byte read (the session waiting for the next message) returns nothing and leaves the message whole.
        var count = Math.Min(buffer.Length, current.Length - offset);
        current.AsSpan(offset, count).CopyTo(buffer.Span);
        offset += count;
        var end = offset == current.Length && buffer.Length > 0;
        if (end)
        {
            current = null;
        }

        return new ValueWebSocketReceiveResult(count, WebSocketMessageType.Text, end);
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        // The session sends whole frames it never changes afterwards (one array shared by every subscriber).
        var frame = MemoryMarshal.TryGetArray(buffer, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : buffer.ToArray();
        try
        {
            await outgoing.Writer.WriteAsync(frame, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, ex);
        }
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    /// <summary>The session closed its side: polls still collect what it sent, then the <c>sid</c> is finished.</summary>
    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        this.closeStatus = closeStatus;
        closeDescription = statusDescription;
        Interlocked.CompareExchange(ref state, (int)WebSocketState.CloseSent, (int)WebSocketState.Open);
        outgoing.Writer.TryComplete();
        incoming.Writer.TryComplete();
        return Task.CompletedTask;
    }

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    /// <summary>The client is gone: the session's reads end as closed and its writes fail.</summary>
    public override void Abort()
    {
        state = (int)WebSocketState.Aborted;
        incoming.Writer.TryComplete();
        outgoing.Writer.TryComplete();
        while (outgoing.Reader.TryRead(out _))
        {
        }
    }

    public override void Dispose()
    {
        if (state is (int)WebSocketState.Open)
        {
            Abort();
        }
    }
}
