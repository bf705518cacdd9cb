namespace Broker.Transport;

/// <summary>
/// The RFC 6455 header of an unmasked, final text frame, as a server sends it. Written by hand because the runtime's
/// <see cref="System.Net.WebSockets.WebSocket"/> sends one message per call (copying it into its own buffer under
/// its own lock, then writing and flushing it alone) and has no way to put a batch of messages in one write.
/// Receiving, control frames (ping, pong, close) and the fallback path stay with the runtime's WebSocket.
/// </summary>
internal static class WebSocketFraming
{
    public const int MaxHeaderLength = 10;

    private const byte FinalText = 0x81;

    public static int HeaderLength(int payloadLength) => payloadLength switch
    {
        < 126 => 2,
        <= ushort.MaxValue => 4,
        _ => 10,
    };

    /// <summary>Writes the header for <paramref name="payloadLength"/> bytes and returns its length.</summary>
    public static int WriteTextHeader(Span<byte> destination, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        destination[0] = FinalText;
        if (payloadLength < 126)
        {
            destination[1] = (byte)payloadLength;
            return 2;
        }

        if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = 126;
            destination[2] = (byte)(payloadLength >> 8);
            destination[3] = (byte)payloadLength;
            return 4;
        }

        destination[1] = 127;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
        return 10;
    }
}
