using System.Buffers;
using System.Text.Json;
using Broker.Protocol.Server;

namespace Broker.Protocol.Json;

/// <summary>
/// Writes the two frames every publish produces, its <c>{data}</c> and its <c>{ctrl 202}</c> ack, with
/// <see cref="Utf8JsonWriter"/> calls of our own. Written by hand because the serializer has no cheap path for them:
/// its source-generated fast path is off for types with a custom converter (timestamps, raw JSON), and its metadata
/// path visits every one of <see cref="CtrlParams"/>' forty-odd members for each ack. The output is byte for byte
/// what <see cref="FrameWriter"/>'s serializer writes for the same frame (PublishFrameWriterTests compare them).
/// </summary>
public static class PublishFrameWriter
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? writer;

    public static byte[] Data(MsgData data)
    {
        var w = Begin();
        w.WriteStartObject();
        w.WriteStartObject("data"u8);
        w.WriteString("topic"u8, data.Topic);
        if (data.From is { } from)
        {
            w.WriteString("from"u8, from);
        }

        WriteTimestamp(w, data.Ts);
        w.WriteNumber("seq"u8, data.Seq);
        if (data.Head is { } head)
        {
            w.WritePropertyName("head"u8);
            w.WriteRawValue(head.Text, skipInputValidation: true);
        }

        w.WritePropertyName("content"u8);
        if (data.Content is { } content)
        {
            w.WriteRawValue(content.Text, skipInputValidation: true);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteEndObject();
        w.WriteEndObject();
        return End(w);
    }

    /// <summary><c>{ctrl id topic params:{seq, duplicate} code:202 text:"accepted" ts}</c>.</summary>
    public static byte[] Accepted(string? id, string? topic, long seq, bool duplicate, DateTime ts)
    {
        var w = Begin();
        w.WriteStartObject();
        w.WriteStartObject("ctrl"u8);
        if (!string.IsNullOrEmpty(id))
        {
            w.WriteString("id"u8, id);
        }

        if (topic is not null)
        {
            w.WriteString("topic"u8, topic);
        }

        w.WriteStartObject("params"u8);
        w.WriteNumber("seq"u8, seq);
        if (duplicate)
        {
            w.WriteBoolean("duplicate"u8, true);
        }

        w.WriteEndObject();
        w.WriteNumber("code"u8, CtrlCode.Accepted.Code);
        w.WriteString("text"u8, CtrlCode.Accepted.Text);
        WriteTimestamp(w, ts);
        w.WriteEndObject();
        w.WriteEndObject();
        return End(w);
    }

    private static void WriteTimestamp(Utf8JsonWriter w, DateTime ts)
    {
        Span<byte> text = stackalloc byte[TimestampConverter.Length];
        TimestampConverter.FormatUtf8(ts, text);
        w.WriteString("ts"u8, text);
    }

    private static Utf8JsonWriter Begin()
    {
        var b = buffer ??= new ArrayBufferWriter<byte>(512);
        b.ResetWrittenCount();
        if (writer is { } w)
        {
            w.Reset(b);
            return w;
        }

        // The serializer's defaults: the default encoder, no indentation, validation on.
        return writer = new Utf8JsonWriter(b);
    }

    private static byte[] End(Utf8JsonWriter w)
    {
        w.Flush();
        var bytes = buffer!.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            // One huge message must not pin a large buffer to this thread for good.
            buffer = null;
            writer = null;
        }

        return bytes;
    }
}
