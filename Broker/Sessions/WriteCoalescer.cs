namespace Broker.Sessions;

/// <summary>
/// Lets a busy session gather the frames of a few milliseconds into one socket write (<c>Broker:WriteCoalesceDelay</c>):
/// a session that wrote less than the delay ago, and has less than <c>Broker:WriteCoalesceBytes</c> queued, waits for
/// the next tick before it writes. A session that was quiet writes at once, so a single reply or message is never
/// delayed; a session receiving a stream gets one write per tick instead of one per frame, which saves the broker and
/// the client a system call and a read per frame (BENCHMARKS.md: fan-out at 2,000 msg/s).
/// All waiters of one tick share one timer and one task (rather than a timer per session per write), and a tick exists
/// only while someone waits for it, so an idle broker runs no timer.
/// </summary>
internal sealed class WriteCoalescer
{
    private readonly TimeSpan delay;
    private readonly long delayTicks;
    private readonly int bytes;
    private readonly Lock gate = new();
    private Task? tick;

    public WriteCoalescer(TimeSpan delay, int bytes)
    {
        this.delay = delay;
        this.bytes = bytes;
        delayTicks = (long)(delay.TotalSeconds * TimeProvider.System.TimestampFrequency);
    }

    /// <summary>False when coalescing is off (a zero delay).</summary>
    public bool Enabled => delayTicks > 0;

    /// <summary>
    /// Whether a writer whose last write ended at <paramref name="lastWrite"/> (a <see cref="TimeProvider.System"/>
    /// timestamp, 0 for never) and that has <paramref name="queuedBytes"/> waiting should wait for the next tick.
    /// </summary>
    public bool ShouldWait(long lastWrite, long now, long queuedBytes) =>
        delayTicks > 0 && lastWrite != 0 && now - lastWrite < delayTicks && queuedBytes < bytes;

    /// <summary>Completes at the next tick (at most the delay from now).</summary>
    public Task NextTickAsync()
    {
        lock (gate)
        {
            return tick ??= StartTick();
        }
    }

    // Real time, not the host's TimeProvider: this paces socket writes, and a test's fake clock must not stall them.
    private Task StartTick()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = TimeProvider.System.CreateTimer(
            state =>
            {
                var (coalescer, completion) = ((WriteCoalescer, TaskCompletionSource))state!;
                lock (coalescer.gate)
                {
                    coalescer.tick = null;
                }

                completion.TrySetResult();
            },
            (this, done),
            delay,
            Timeout.InfiniteTimeSpan);
        return done.Task;
    }
}
