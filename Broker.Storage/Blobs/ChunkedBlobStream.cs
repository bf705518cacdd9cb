namespace Broker.Storage.Blobs;

/// <summary>
/// A read-only, seekable stream over a blob stored as fixed-size chunks, loading one chunk at a time as it is read.
/// Written by hand because ASP.NET Core's range support needs a seekable stream with a length, and no library
/// provides one over rows of a database; it keeps at most one chunk in memory.
/// </summary>
internal sealed class ChunkedBlobStream(long length, int chunkSize, Func<long, CancellationToken, Task<byte[]>> loadChunk) : Stream
{
    private long position;
    private long loadedIndex = -1;
    private byte[] loaded = [];

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position >= length || buffer.Length == 0)
        {
            return 0;
        }

        var index = position / chunkSize;
        if (index != loadedIndex)
        {
            loaded = await loadChunk(index, cancellationToken).ConfigureAwait(false);
            loadedIndex = index;
        }

        var within = (int)(position - (index * chunkSize));
        var available = Math.Min(loaded.Length - within, (int)Math.Min(int.MaxValue, length - position));
        if (available <= 0)
        {
            throw new IOException($"blob chunk {index} is shorter than its blob says");
        }

        var count = Math.Min(available, buffer.Length);
        loaded.AsMemory(within, count).CopyTo(buffer);
        position += count;
        return count;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
