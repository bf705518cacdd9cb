using System.Buffers;
using System.Net.WebSockets;
using Broker.Auth;
using Broker.Protocol.Client;
using Broker.Protocol.Names;
using Broker.Topics;
using Broker.Transport;

namespace Broker.Sessions;

/// <summary>
/// One client connection: reads frames, parses, authorises and routes them (see <c>Session.Dispatch.cs</c>), and
/// writes outgoing frames from a bounded outbox. It never touches topic state or storage.
/// </summary>
internal sealed partial class Session : ISubscriber
{
    private static readonly byte[] ProbeReply = "0"u8.ToArray();
    private readonly WebSocket socket;
    private readonly SharedConnectionStream? connection;
    private readonly SessionServices services;
    private readonly SessionOutbox outbox = new();
    private readonly AttachedTopics attached = new();
    private readonly CancellationTokenSource closing = new();
    private int state;
    private volatile CloseMode closeMode;
    private WebSocketCloseStatus closeStatus = WebSocketCloseStatus.NormalClosure;
    private string closeReason = string.Empty;

    public Session(WebSocket socket, SharedConnectionStream? connection, SessionServices services, string remoteAddress)
    {
        this.socket = socket;
        this.connection = connection;
        this.services = services;
        RemoteAddress = remoteAddress;
        Id = Guid.NewGuid().ToString("N")[..16];
    }

    public string Id { get; }

    public string RemoteAddress { get; }

    public UserId User { get; private set; }

    public AuthLevel AuthLevel { get; private set; }

    public string? UserAgent { get; private set; }

    public bool IsAuthenticated => !User.IsZero;

    /// <summary>
    /// Queues a frame. An outbox past its byte budget means the client cannot keep up: it is closed as a slow consumer
    /// and detached from its topics, never waited for.
    /// </summary>
    public bool Send(byte[] frame)
    {
        if (Volatile.Read(ref state) != StateOpen)
        {
            // Closing or closed: only replies to requests already under way are still queued; it is not a drop (the
            // client is leaving, not slow).
            return SendWhileClosing(frame);
        }

        if (ReserveOutbox(frame.Length))
        {
            if (DeliveryBatch.Current is { } batch)
            {
                if (outbox.TryWriteDeferred(frame, out var mustWake))
                {
                    if (mustWake)
                    {
                        batch.WakeLater(outbox);
                    }

                    return true;
                }
            }
            else if (outbox.TryWrite(frame))
            {
                return true;
            }

            ReleaseOutbox(frame.Length);
        }

        services.Metrics.OutboxDrop();
        if (Volatile.Read(ref state) == StateOpen)
        {
            CloseSlowConsumer();
        }

        return false;
    }

    /// <summary>
    /// Takes the next queued frame as the write loop would (releasing its bytes from the outbox bound); for
    /// benchmarks, whose sessions have no socket loop.
    /// </summary>
    internal bool TryTakeQueued(out byte[] frame)
    {
        if (!outbox.TryRead(out frame!))
        {
            return false;
        }

        ReleaseOutbox(frame.Length);
        return true;
    }

    /// <summary>Waits for and takes the next queued frame; see <see cref="TryTakeQueued"/>.</summary>
    internal async ValueTask<byte[]> TakeQueuedAsync()
    {
        var frame = await outbox.ReadAsync();
        ReleaseOutbox(frame.Length);
        return frame;
    }

    public bool IsAttached(string routableTopic) => attached.Contains(routableTopic);

    /// <summary>Called by a topic actor when this session attached to it.</summary>
    public void OnAttached(TopicActor topic) => attached.Set(services.Router.HandleOf(topic));

    /// <summary>Called by a topic actor when this session is detached (leave, eviction, topic gone).</summary>
    public void OnDetached(TopicActor topic) =>
        attached.Remove(topic.Name, services.Router.HandleOf(topic));

    /// <summary>Cluster: a topic hosted on another node attached this session (told by that node, in order with its frames).</summary>
    internal void OnAttachedRemotely(ITopicHandle topic) => attached.Set(topic);

    /// <summary>Cluster: a topic hosted on another node detached this session (the attachment <paramref name="only"/>, if still held).</summary>
    internal bool OnDetachedRemotely(string routableTopic, ITopicHandle only) => attached.Remove(routableTopic, only);

    /// <summary>Cluster: how this session reaches <paramref name="routableTopic"/> while attached to it.</summary>
    internal bool TryGetAttachment(string routableTopic, out ITopicHandle handle) => attached.TryGet(routableTopic, out handle);

    /// <summary>The topics this session is attached to (the cluster uses it when a node dies).</summary>
    internal ITopicHandle[] AttachedTopics => attached.Snapshot();

    /// <summary>
    /// Stops the session after a protocol violation: replies already queued are written, the rest is dropped, and the
    /// socket is closed with <paramref name="status"/>. A peer that does not complete the close handshake in time is aborted.
    /// </summary>
    public void Terminate(WebSocketCloseStatus status, string reason) =>
        Complete(status, reason, CloseMode.RepliesOnly, CloseTimeout);

    /// <summary>Sends what is queued, then closes (used after a final {ctrl} such as eviction or shutdown).</summary>
    public void CloseAfterFlush(WebSocketCloseStatus status, string reason) =>
        Complete(status, reason, CloseMode.Everything, FlushTimeout);

    public async Task RunAsync()
    {
        services.Sessions.Add(this);
        var writer = WriteLoopAsync();
        try
        {
            await ReadLoopAsync(closing.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException ex)
        {
            services.Log.ConnectionLost(Id, ex.WebSocketErrorCode.ToString());
        }
        finally
        {
            foreach (var topic in attached.TakeAll())
            {
                topic.Post(new DetachCommand(this));
            }

            services.Sessions.Remove(this);
            if (Interlocked.Exchange(ref state, StateClosed) != StateClosed)
            {
                outbox.TryComplete();
            }

            await writer;
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var limit = services.Options.MaxMessageSize;

        // Between messages the session holds no buffer: a zero-byte receive waits for the next frame header, and a
        // pooled buffer is rented only while a message is being read (idle sessions are most sessions).
        byte[]? buffer = null;
        var count = 0;
        try
        {
            while (true)
            {
                Memory<byte> room;
                if (buffer is null)
                {
                    room = Memory<byte>.Empty;
                }
                else
                {
                    if (count == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                        buffer.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    // Never read more than one byte past the limit, whatever size the pool handed out.
                    room = buffer.AsMemory(count, Math.Min(buffer.Length, limit + 1) - count);
                }

                // No token: a cancellable receive registers on it for as long as it waits, which is an idle session's
                // whole life. A close that times out aborts the socket instead (Complete), which ends this receive.
                var result = await socket.ReceiveAsync(room, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    Terminate(WebSocketCloseStatus.InvalidMessageType, "binary frames are not supported");
                    return;
                }

                count += result.Count;
                if (count > limit)
                {
                    services.Log.MessageTooLarge(Id, limit);
                    Terminate(WebSocketCloseStatus.MessageTooBig, "message too large");
                    return;
                }

                if (!result.EndOfMessage)
                {
                    buffer ??= ArrayPool<byte>.Shared.Rent(4096);
                    continue;
                }

                if (Volatile.Read(ref state) != StateOpen)
                {
                    // Closing: keep reading (a socket closed with unread input resets the connection, and the peer
                    // would lose the replies and the close frame still on their way), but act on nothing.
                    count = 0;
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }

                    continue;
                }

                var frame = buffer is null ? [] : buffer.AsSpan(0, count).ToArray();
                count = 0;
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }

                if (frame.Length == 1 && frame[0] == (byte)'1')
                {
                    if (TryAdmit(ClientFrameKind.Unknown))
                    {
                        Send(ProbeReply);
                    }

                    continue;
                }

                await DispatchAsync(frame, cancellationToken);
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = outbox;
        var batch = default(FrameBatch);
        var coalescer = services.WriteCoalescer;
        var lastWrite = 0L;
        try
        {
            var written = new FrameCounts();
            while (await reader.WaitToReadAsync())
            {
                if (closeMode != CloseMode.None)
                {
                    break;
                }

                if (coalescer.ShouldWait(lastWrite, TimeProvider.System.GetTimestamp(), Interlocked.Read(ref queuedBytes)))
                {
                    await coalescer.NextTickAsync();
                }

                if (connection is null)
                {
                    // Connections the runtime accepted itself (no shared stream): one message per send.
                    while (closeMode == CloseMode.None && reader.TryRead(out var frame))
                    {
                        ReleaseOutbox(frame.Length);
                        await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, closing.Token);
                        written.Count(frame);
                        written.Wrote();
                    }
                }
                else
                {
                    // Everything queued goes out framed end to end: one write (one send) per drained batch.
                    while (closeMode == CloseMode.None && reader.TryRead(out var frame))
                    {
                        ReleaseOutbox(frame.Length);
                        written.Count(frame);
                        if (!batch.Fits(frame))
                        {
                            await connection.WriteBatchAsync(batch.Bytes, closing.Token);
                            written.Wrote();
                            batch.Clear();
                        }

                        batch.Add(frame);
                    }

                    if (batch.Length > 0)
                    {
                        await connection.WriteBatchAsync(batch.Bytes, closing.Token);
                        written.Wrote();
                    }

                    batch.Clear();
                }

                written.Flush(services.Metrics);
                if (coalescer.Enabled)
                {
                    lastWrite = TimeProvider.System.GetTimestamp();
                }
            }

            // The outbox is complete: what is left goes out as the close mode says, then the close frame.
            await WriteRemainingAsync(written);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(closeStatus, closeReason, closing.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException)
        {
            socket.Abort();
        }
        finally
        {
            batch.Clear();

            // Whatever could not be written leaves the byte accounting (the process budget counts live backlogs only).
            while (reader.TryRead(out var frame))
            {
                ReleaseOutbox(frame.Length);
            }
        }
    }
}
