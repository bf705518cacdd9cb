using System.Buffers;

namespace Broker.Transport;

/// <summary>
/// Text frames (header and payload) laid end to end in one pooled buffer, so that a drained outbox reaches the
/// connection in one write. The buffer is rented on the first frame and returned by <see cref="Clear"/>, so an idle
/// session holds none.
/// </summary>
internal struct FrameBatch
{
    /// <summary>A batch stops growing at this size and is written; a larger single frame gets a buffer of its own.</summary>
    public const int TargetBytes = 64 * 1024;

    private byte[]? buffer;
    private int length;

    public readonly int Length => length;

    public readonly ReadOnlyMemory<byte> Bytes => buffer.AsMemory(0, length);

    /// <summary>Whether <paramref name="payload"/> fits beside what is already here (an empty batch takes any frame).</summary>
    public readonly bool Fits(byte[] payload) =>
        length == 0 || length + WebSocketFraming.HeaderLength(payload.Length) + payload.Length <= TargetBytes;

    public void Add(byte[] payload)
    {
        var size = WebSocketFraming.HeaderLength(payload.Length) + payload.Length;
        if (buffer is null)
        {
            buffer = ArrayPool<byte>.Shared.Rent(Math.Max(TargetBytes, size));
        }
        else if (length + size > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(length + size);
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }

        length += WebSocketFraming.WriteTextHeader(buffer.AsSpan(length), payload.Length);
        payload.CopyTo(buffer.AsSpan(length));
        length += payload.Length;
    }

    public void Clear()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }

        length = 0;
    }
}
