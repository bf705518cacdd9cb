using System.Buffers;
using System.Text.Json;

namespace Broker.Bench.Load.Baseline;

/// <summary>The few server frames the baseline sends, in Tinode's shapes.</summary>
internal static class BaselineFrames
{
    public static byte[] Ctrl(string? id, string? topic, int code, string text, Action<Utf8JsonWriter>? parameters = null) => Build(w =>
    {
        w.WriteStartObject("ctrl");
        if (id is not null)
        {
            w.WriteString("id", id);
        }

        if (topic is not null)
        {
            w.WriteString("topic", topic);
        }

        if (parameters is not null)
        {
            w.WriteStartObject("params");
            parameters(w);
            w.WriteEndObject();
        }

        w.WriteNumber("code", code);
        w.WriteString("text", text);
        w.WriteString("ts", DateTime.UtcNow);
        w.WriteEndObject();
    });

    /// <summary>One <c>{data}</c>, serialized once and sent to every subscriber.</summary>
    public static byte[] Data(string topic, string from, long seq, byte[] content) => Build(w =>
    {
        w.WriteStartObject("data");
        w.WriteString("topic", topic);
        w.WriteString("from", from);
        w.WriteString("ts", DateTime.UtcNow);
        w.WriteNumber("seq", seq);
        w.WritePropertyName("content");
        w.WriteRawValue(content, skipInputValidation: true);
        w.WriteEndObject();
    });

    private static byte[] Build(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
