using Broker.Sessions;

namespace Broker.Tests.Unit;

/// <summary>Who waits for the next tick: only a session that wrote within the delay and has little queued.</summary>
public sealed class WriteCoalescerTests
{
    private static readonly long Millisecond = TimeProvider.System.TimestampFrequency / 1000;

    [Fact]
    public void A_session_that_wrote_within_the_delay_waits_a_quiet_or_full_one_writes_at_once()
    {
        var coalescer = new WriteCoalescer(TimeSpan.FromMilliseconds(2), bytes: 16 * 1024);
        var now = 1_000 * Millisecond;

        Assert.True(coalescer.Enabled);
        Assert.True(coalescer.ShouldWait(lastWrite: now - Millisecond, now, queuedBytes: 200));
        Assert.False(coalescer.ShouldWait(lastWrite: 0, now, queuedBytes: 200));
        Assert.False(coalescer.ShouldWait(lastWrite: now - (3 * Millisecond), now, queuedBytes: 200));
        Assert.False(coalescer.ShouldWait(lastWrite: now - Millisecond, now, queuedBytes: 16 * 1024));
    }

    [Fact]
    public void A_zero_delay_never_waits()
    {
        var coalescer = new WriteCoalescer(TimeSpan.Zero, bytes: 16 * 1024);

        Assert.False(coalescer.Enabled);
        Assert.False(coalescer.ShouldWait(lastWrite: 1, now: 2, queuedBytes: 0));
    }

    [Fact]
    public async Task Waiters_of_one_tick_share_it_and_the_next_wait_gets_a_new_one()
    {
        var coalescer = new WriteCoalescer(TimeSpan.FromMilliseconds(20), bytes: 16 * 1024);

        var first = coalescer.NextTickAsync();
        Assert.Same(first, coalescer.NextTickAsync());
        await first.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var next = coalescer.NextTickAsync();
        Assert.NotSame(first, next);
        await next.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }
}
