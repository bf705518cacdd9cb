using System.Buffers;

namespace Broker.Transport;

/// <summary>
/// Wraps an upgraded connection so that the frames a session writes while draining its outbox reach Kestrel in one
/// write and one flush, instead of one flush per message (Kestrel flushes every write of an upgraded stream).
/// Writes outside a drain (keep-alive pings, pongs, the close frame) go straight through. The holding buffer is
/// rented only while a drain is in progress, so an idle connection keeps no buffer.
/// </summary>
internal sealed class CoalescingStream(Stream inner) : Stream
{
    private const int MaxHeld = 64 * 1024;
    private readonly SemaphoreSlim gate = new(1, 1);
    private byte[]? held;
    private int heldCount;
    private volatile bool holding;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Starts holding writes until <see cref="ReleaseAsync"/>.</summary>
    public void Hold() => holding = true;

    /// <summary>Stops holding and writes what was held in one go.</summary>
    public async ValueTask ReleaseAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            holding = false;
            await WriteHeldAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (holding && buffer.Length <= MaxHeld)
            {
                if (heldCount + buffer.Length > MaxHeld)
                {
                    await WriteHeldAsync(cancellationToken);
                }

                held ??= ArrayPool<byte>.Shared.Rent(MaxHeld);
                buffer.Span.CopyTo(held.AsSpan(heldCount));
                heldCount += buffer.Length;
                return;
            }

            await WriteHeldAsync(cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    private async ValueTask WriteHeldAsync(CancellationToken cancellationToken)
    {
        if (held is null)
        {
            return;
        }

        var buffer = held;
        var count = heldCount;
        held = null;
        heldCount = 0;
        try
        {
            if (count > 0)
            {
                await inner.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await WriteHeldAsync(cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            gate.Dispose();
        }

        base.Dispose(disposing);
    }
}
