using Broker.Sessions;

namespace Broker.Tests.Unit;

public sealed class SessionOutboxTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public void Frames_come_out_in_the_order_they_were_queued()
    {
        var outbox = new SessionOutbox();
        for (var i = 0; i < 200; i++)
        {
            Assert.True(outbox.TryWrite([(byte)i]));
        }

        for (var i = 0; i < 200; i++)
        {
            Assert.True(outbox.TryRead(out var frame));
            Assert.Equal((byte)i, frame[0]);
        }

        Assert.False(outbox.TryRead(out _));
    }

    [Fact]
    public async Task A_waiting_reader_wakes_on_the_next_write()
    {
        var outbox = new SessionOutbox();
        var wait = outbox.WaitToReadAsync(TestContext.Current.CancellationToken).AsTask();
        Assert.False(wait.IsCompleted);
        outbox.TryWrite([1]);
        Assert.True(await wait.WaitAsync(Timeout, TestContext.Current.CancellationToken));
        Assert.True(outbox.TryRead(out var frame));
        Assert.Equal(1, frame[0]);
    }

    [Fact]
    public async Task Completing_ends_the_wait_after_what_is_queued_and_refuses_more()
    {
        var outbox = new SessionOutbox();
        outbox.TryWrite([7]);
        Assert.True(outbox.TryComplete());
        Assert.False(outbox.TryComplete());
        Assert.False(outbox.TryWrite([8]));
        Assert.True(await outbox.WaitToReadAsync(TestContext.Current.CancellationToken));
        Assert.True(outbox.TryRead(out var frame));
        Assert.Equal(7, frame[0]);
        Assert.False(await outbox.WaitToReadAsync(TestContext.Current.CancellationToken));

        var idle = new SessionOutbox();
        var wait = idle.WaitToReadAsync(TestContext.Current.CancellationToken).AsTask();
        idle.TryComplete();
        Assert.False(await wait.WaitAsync(Timeout, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_the_outbox_keeps_working()
    {
        var outbox = new SessionOutbox();
        using var cancel = new CancellationTokenSource();
        var wait = outbox.WaitToReadAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Timeout, TestContext.Current.CancellationToken));

        var next = outbox.WaitToReadAsync(TestContext.Current.CancellationToken).AsTask();
        outbox.TryWrite([3]);
        Assert.True(await next.WaitAsync(Timeout, TestContext.Current.CancellationToken));
        Assert.True(outbox.TryRead(out _));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => outbox.WaitToReadAsync(cancel.Token).AsTask());
    }

    [Fact]
    public async Task Many_writers_and_one_reader_lose_nothing_and_keep_each_writers_order()
    {
        const int Writers = 4;
        const int PerWriter = 20_000;
        var outbox = new SessionOutbox();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                outbox.TryWrite(BitConverter.GetBytes(w * PerWriter + i));
            }
        })).ToArray();

        var last = Enumerable.Repeat(-1, Writers).ToArray();
        var read = 0;
        while (read < Writers * PerWriter)
        {
            Assert.True(await outbox.WaitToReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(Timeout, TestContext.Current.CancellationToken));
            while (outbox.TryRead(out var frame))
            {
                var value = BitConverter.ToInt32(frame);
                var writer = value / PerWriter;
                Assert.True(value % PerWriter > last[writer], "a writer's frames came out of order");
                last[writer] = value % PerWriter;
                read++;
            }
        }

        await Task.WhenAll(writers);
        Assert.All(last, l => Assert.Equal(PerWriter - 1, l));
    }
}
