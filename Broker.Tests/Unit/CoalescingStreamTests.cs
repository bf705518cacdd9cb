using Broker.Transport;

namespace Broker.Tests.Unit;

public sealed class CoalescingStreamTests
{
    private sealed class RecordingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }

    [Fact]
    public async Task Held_writes_reach_the_connection_in_one_write_in_order()
    {
        var inner = new RecordingStream();
        await using var stream = new CoalescingStream(inner);

        stream.Hold();
        await stream.WriteAsync(new byte[] { 1, 2 }, TestContext.Current.CancellationToken);
        await stream.WriteAsync(new byte[] { 3 }, TestContext.Current.CancellationToken);
        Assert.Equal(0, inner.Writes);
        await stream.ReleaseAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, inner.Writes);
        Assert.Equal(new byte[] { 1, 2, 3 }, inner.ToArray());
    }

    [Fact]
    public async Task Writes_outside_a_hold_pass_straight_through()
    {
        var inner = new RecordingStream();
        await using var stream = new CoalescingStream(inner);

        await stream.WriteAsync(new byte[] { 1 }, TestContext.Current.CancellationToken);
        await stream.WriteAsync(new byte[] { 2 }, TestContext.Current.CancellationToken);

        Assert.Equal(2, inner.Writes);
        Assert.Equal(new byte[] { 1, 2 }, inner.ToArray());
    }

    [Fact]
    public async Task A_large_hold_is_written_in_bounded_chunks_without_losing_bytes()
    {
        var inner = new RecordingStream();
        await using var stream = new CoalescingStream(inner);
        var chunk = Enumerable.Range(0, 40 * 1024).Select(i => (byte)i).ToArray();

        stream.Hold();
        await stream.WriteAsync(chunk, TestContext.Current.CancellationToken);
        await stream.WriteAsync(chunk, TestContext.Current.CancellationToken);
        await stream.WriteAsync(chunk, TestContext.Current.CancellationToken);
        await stream.ReleaseAsync(TestContext.Current.CancellationToken);

        Assert.Equal(3 * chunk.Length, inner.Length);
        Assert.True(inner.Writes is >= 2 and <= 3);
        Assert.Equal(chunk.Concat(chunk).Concat(chunk).ToArray(), inner.ToArray());
    }
}
