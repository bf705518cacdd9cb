using System.Net.WebSockets;
using Broker.Topics;
using Broker.Transport;

namespace Broker.Sessions;

/// <summary>
/// How a session ends. A policy close (flooding, slow consumer, the process outbox budget) first lets every topic the
/// session is attached to finish the requests it already took, so that the acknowledgement of each message stored
/// for the session is queued; then what is queued is written (replies first) and the close frame follows.
/// </summary>
internal sealed partial class Session
{
    private const int StateOpen = 0;
    private const int StateDraining = 1;
    private const int StateClosed = 2;

    /// <summary>How long a policy close waits for the attached topics to answer the requests already under way.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long the replies and the close frame of a session closed for a violation may take to be written.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long the whole queue and the close frame may take to be written (eviction, shutdown, flooding).</summary>
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(10);

    private static ReadOnlySpan<byte> CtrlPrefix => "{\"ctrl\":"u8;

    /// <summary>What the write loop does with the frames still queued once the outbox is complete.</summary>
    private enum CloseMode
    {
        /// <summary>Not closing: the write loop writes frames in order.</summary>
        None,

        /// <summary>Everything, in order (eviction, shutdown: the final {ctrl} is last).</summary>
        Everything,

        /// <summary>Every {ctrl} reply first (the acknowledgements of stored messages), then the rest.</summary>
        RepliesFirst,

        /// <summary>Only the {ctrl} replies; the rest is dropped (a slow consumer, a protocol violation).</summary>
        RepliesOnly,
    }

    /// <summary>True once the session is being closed (no further frame of the client is acted on).</summary>
    public bool IsClosing => Volatile.Read(ref state) != StateOpen;

    /// <summary>Closes a session that cannot keep up (its backlog passed its byte budget).</summary>
    private void CloseSlowConsumer()
    {
        if (BeginPolicyClose(WebSocketCloseStatus.PolicyViolation, "slow consumer", CloseMode.RepliesOnly, CloseTimeout, detach: true))
        {
            services.Metrics.SlowConsumer();
            services.Log.SlowConsumer(Id, User.ToString(), QueuedBytes);
        }
    }

    /// <summary>Closes this session to keep the outboxes of all sessions within the process budget; false when it was already closing.</summary>
    internal bool CloseOverBudget()
    {
        if (!BeginPolicyClose(WebSocketCloseStatus.PolicyViolation, "slow consumer", CloseMode.RepliesOnly, CloseTimeout, detach: true))
        {
            return false;
        }

        services.Metrics.SlowConsumer();
        services.Log.OverOutboxBudget(Id, User.ToString(), QueuedBytes);
        return true;
    }

    /// <summary>Closes a session whose refusals went on past the flood timeout; everything queued is written first.</summary>
    private void CloseFlooding()
    {
        if (BeginPolicyClose(WebSocketCloseStatus.PolicyViolation, "too many requests", CloseMode.RepliesFirst, FlushTimeout, detach: false))
        {
            services.Log.Flooding(Id, User.ToString(), RemoteAddress);
        }
    }

    /// <summary>
    /// Stops acting on the client's frames and queueing anything but replies, lets the attached topics answer what
    /// they already took (detaching the session first when <paramref name="detach"/>), then completes the outbox.
    /// False when the session was already closing.
    /// </summary>
    private bool BeginPolicyClose(WebSocketCloseStatus status, string reason, CloseMode mode, TimeSpan timeout, bool detach)
    {
        if (Interlocked.CompareExchange(ref state, StateDraining, StateOpen) != StateOpen)
        {
            return false;
        }

        closeStatus = status;
        closeReason = reason;
        var topics = attached.Snapshot();
        if (topics.Length == 0)
        {
            Complete(status, reason, mode, timeout);
            return true;
        }

        _ = DrainThenCompleteAsync(topics, mode, timeout, detach);
        return true;
    }

    private async Task DrainThenCompleteAsync(ITopicHandle[] topics, CloseMode mode, TimeSpan timeout, bool detach)
    {
        try
        {
            using var wait = new CancellationTokenSource(DrainTimeout);
            var drains = new List<Task>(topics.Length);
            foreach (var topic in topics)
            {
                if (detach)
                {
                    topic.Post(new DetachCommand(this));
                }

                drains.Add(topic.DrainAsync(wait.Token));
            }

            await Task.WhenAll(drains);
        }
        catch (OperationCanceledException)
        {
            // A topic too busy to answer within the drain timeout: close with what is queued.
        }
        finally
        {
            Complete(closeStatus, closeReason, mode, timeout);
        }
    }

    /// <summary>Completes the outbox: the write loop writes what is left as <paramref name="mode"/> says, then closes.</summary>
    private void Complete(WebSocketCloseStatus status, string reason, CloseMode mode, TimeSpan timeout)
    {
        var previous = Interlocked.Exchange(ref state, StateClosed);
        if (previous == StateClosed)
        {
            return;
        }

        if (previous == StateOpen)
        {
            closeStatus = status;
            closeReason = reason;
        }

        closeMode = mode;
        outbox.TryComplete();
        closing.Token.UnsafeRegister(static socket => ((WebSocket)socket!).Abort(), socket);
        closing.CancelAfter(timeout);
    }

    /// <summary>While a policy close waits for the topics, their replies are still queued; nothing else is.</summary>
    private bool SendWhileClosing(byte[] frame)
    {
        if (Volatile.Read(ref state) != StateDraining || !frame.AsSpan().StartsWith(CtrlPrefix))
        {
            return false;
        }

        ReserveOutboxUnbounded(frame.Length);
        if (outbox.TryWrite(frame))
        {
            return true;
        }

        ReleaseOutbox(frame.Length);
        return false;
    }

    /// <summary>Writes the frames left in the completed outbox as <see cref="closeMode"/> says.</summary>
    private async Task WriteRemainingAsync(FrameCounts written)
    {
        var mode = closeMode;
        var reader = outbox;
        List<byte[]>? later = null;
        var batch = default(FrameBatch);
        try
        {
            while (reader.TryRead(out var frame))
            {
                ReleaseOutbox(frame.Length);
                var isReply = frame.AsSpan().StartsWith(CtrlPrefix);
                if (mode is CloseMode.Everything or CloseMode.None || isReply)
                {
                    await WriteOneAsync(frame);
                }
                else if (mode == CloseMode.RepliesFirst)
                {
                    (later ??= []).Add(frame);
                }
            }

            if (later is not null)
            {
                foreach (var frame in later)
                {
                    await WriteOneAsync(frame);
                }
            }

            if (batch.Length > 0)
            {
                await connection!.WriteBatchAsync(batch.Bytes, closing.Token);
                written.Wrote();
            }

            written.Flush(services.Metrics);
        }
        finally
        {
            batch.Clear();
        }

        async Task WriteOneAsync(byte[] frame)
        {
            written.Count(frame);
            if (connection is null)
            {
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, closing.Token);
                written.Wrote();
                return;
            }

            if (!batch.Fits(frame))
            {
                await connection.WriteBatchAsync(batch.Bytes, closing.Token);
                written.Wrote();
                batch.Clear();
            }

            batch.Add(frame);
        }
    }
}
