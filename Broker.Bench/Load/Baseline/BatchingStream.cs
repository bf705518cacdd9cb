using System.Buffers;

namespace Broker.Bench.Load.Baseline;

/// <summary>
/// Sits between <see cref="System.Net.WebSockets.WebSocket"/> and Kestrel's upgraded connection: writes collect
/// in a buffer and reach the socket only on <see cref="FlushBatchAsync"/>, so a session writer can send every
/// queued message and then flush once (Kestrel's own stream flushes on every write). Reads pass through.
/// Only the session's writer loop flushes; writes are serialized by the WebSocket's own send lock.
/// </summary>
internal sealed class BatchingStream(Stream inner) : Stream
{
    private readonly Lock _lock = new();
    private ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private ArrayBufferWriter<byte> _writing = new(64 * 1024);

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public int PendingBytes
    {
        get
        {
            lock (_lock)
            {
                return _pending.WrittenCount;
            }
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_lock)
        {
            _pending.Write(buffer);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <summary>The WebSocket may flush after a frame; batching means we ignore that and flush on our own.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes everything buffered so far to the connection with one write and one flush.</summary>
    public async ValueTask FlushBatchAsync(CancellationToken ct)
    {
        ArrayBufferWriter<byte> batch;
        lock (_lock)
        {
            if (_pending.WrittenCount == 0)
            {
                return;
            }

            batch = _pending;
            _pending = _writing;
            _writing = batch;
        }

        await inner.WriteAsync(batch.WrittenMemory, ct);
        await inner.FlushAsync(ct);
        batch.ResetWrittenCount();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
