using System.Threading.Tasks.Sources;

namespace Broker.Sessions;

/// <summary>
/// A session's queue of frames to write: many writers (topic actors, the session itself), one reader (the write
/// loop). Hand-written instead of an unbounded <see cref="System.Threading.Channels.Channel"/> because of what an idle
/// session costs: the channel allocates a 32-slot segment, reader, writer and waiter objects up front (about 1.1 KB a
/// session in a heap dump of 15,000 idle sessions), where this holds one queue allocated on first use and dropped
/// again once a burst has drained. Bounds are kept by the session in bytes, not here.
/// </summary>
internal sealed class SessionOutbox : IValueTaskSource<bool>
{
    /// <summary>A drained queue that grew past this many slots is released rather than kept for the next burst.</summary>
    private const int KeptCapacity = 64;

    private readonly Lock gate = new();
    private ManualResetValueTaskSourceCore<bool> waiter = new() { RunContinuationsAsynchronously = true };
    private Queue<byte[]>? frames;
    private int grownTo;
    private bool completed;
    private bool waiting;
    private CancellationTokenRegistration cancellation;

    /// <summary>Queues a frame; false once the outbox is complete.</summary>
    public bool TryWrite(byte[] frame)
    {
        bool wake;
        lock (gate)
        {
            if (completed)
            {
                return false;
            }

            frames ??= new Queue<byte[]>();
            frames.Enqueue(frame);
            if (frames.Count > grownTo)
            {
                grownTo = frames.Count;
            }

            wake = waiting;
            waiting = false;
        }

        if (wake)
        {
            Wake(true);
        }

        return true;
    }

    /// <summary>Takes the oldest frame, if any (the reader only).</summary>
    public bool TryRead(out byte[] frame)
    {
        lock (gate)
        {
            if (frames is null || !frames.TryDequeue(out frame!))
            {
                frame = null!;
                return false;
            }

            if (frames.Count == 0 && grownTo > KeptCapacity)
            {
                frames = null;
                grownTo = 0;
            }

            return true;
        }
    }

    /// <summary>
    /// Completes when a frame is queued (true) or the outbox is complete and empty (false); the reader only, one wait
    /// at a time.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (frames is { Count: > 0 })
            {
                return ValueTask.FromResult(true);
            }

            if (completed)
            {
                return ValueTask.FromResult(false);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<bool>(cancellationToken);
            }

            waiter.Reset();
            waiting = true;

            // Registered under the lock, so a writer that finds the reader waiting also sees its registration. A token
            // cancelled meanwhile runs the callback right here (the lock is re-entrant) and the wait ends cancelled.
            if (cancellationToken.CanBeCanceled)
            {
                cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((SessionOutbox)state!).Cancel(token), this);
            }

            return new ValueTask<bool>(this, waiter.Version);
        }
    }

    /// <summary>Waits for and takes the next frame; throws <see cref="InvalidOperationException"/> once complete and empty.</summary>
    public async ValueTask<byte[]> ReadAsync(CancellationToken cancellationToken = default)
    {
        while (await WaitToReadAsync(cancellationToken))
        {
            if (TryRead(out var frame))
            {
                return frame;
            }
        }

        throw new InvalidOperationException("The outbox is complete.");
    }

    /// <summary>No more frames are taken; the reader still gets what is queued. False when already complete.</summary>
    public bool TryComplete()
    {
        bool wake;
        lock (gate)
        {
            if (completed)
            {
                return false;
            }

            completed = true;
            wake = waiting;
            waiting = false;
        }

        if (wake)
        {
            Wake(frames is { Count: > 0 });
        }

        return true;
    }

    bool IValueTaskSource<bool>.GetResult(short token) => waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => waiter.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        waiter.OnCompleted(continuation, state, token, flags);

    private void Wake(bool result)
    {
        cancellation.Dispose();
        cancellation = default;
        waiter.SetResult(result);
    }

    private void Cancel(CancellationToken token)
    {
        lock (gate)
        {
            if (!waiting)
            {
                return;
            }

            waiting = false;
        }

        waiter.SetException(new OperationCanceledException(token));
    }
}
