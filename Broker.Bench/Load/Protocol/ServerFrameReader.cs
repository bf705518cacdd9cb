using System.Buffers.Text;
using System.Text.Json;

namespace Broker.Bench.Load.Protocol;

/// <summary>
/// Hot-path reader of server frames with <see cref="Utf8JsonReader"/>: frame type, id, code, seq and the probe
/// in <c>content</c>; everything else is skipped. Allocation-free.
/// </summary>
internal static class ServerFrameReader
{
    public static bool TryRead(ReadOnlySpan<byte> utf8, out ServerFrame frame)
    {
        frame = default;
        frame.NumericId = -1;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
            {
                return false;
            }

            frame.Kind = KindOf(ref reader);
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return frame.Kind == ServerFrameKind.Unknown;
            }

            ReadBody(ref reader, ref frame);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ServerFrameKind KindOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("ctrl"u8) ? ServerFrameKind.Ctrl :
        reader.ValueTextEquals("data"u8) ? ServerFrameKind.Data :
        reader.ValueTextEquals("pres"u8) ? ServerFrameKind.Pres :
        reader.ValueTextEquals("info"u8) ? ServerFrameKind.Info :
        reader.ValueTextEquals("meta"u8) ? ServerFrameKind.Meta :
        ServerFrameKind.Unknown;

    private static void ReadBody(ref Utf8JsonReader reader, ref ServerFrame frame)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                ReadId(ref reader, ref frame);
            }
            else if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code))
                {
                    frame.Code = code;
                }
            }
            else if (reader.ValueTextEquals("seq"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seq))
                {
                    frame.Seq = seq;
                }
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                reader.Read();
                ReadParams(ref reader, ref frame);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                ReadContent(ref reader, ref frame);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadId(ref Utf8JsonReader reader, ref ServerFrame frame)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return;
        }

        var span = reader.ValueSpan;
        if (!reader.ValueIsEscaped && span.Length is > 0 and < 19 && span[0] is >= (byte)'0' and <= (byte)'9'
            && Utf8Parser.TryParse(span, out long id, out var consumed) && consumed == span.Length)
        {
            frame.NumericId = id;
        }
        else if (span.Length > 0)
        {
            frame.HasTextId = true;
        }
    }

    private static void ReadParams(ref Utf8JsonReader reader, ref ServerFrame frame)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSeq = reader.ValueTextEquals("seq"u8);
            reader.Read();
            if (isSeq && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var seq))
            {
                frame.Seq = seq;
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadContent(ref Utf8JsonReader reader, ref ServerFrame frame)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        var found = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("p"u8) ? 1 : reader.ValueTextEquals("n"u8) ? 2 : reader.ValueTextEquals("t"u8) ? 3 : 0;
            reader.Read();
            if (field == 0 || reader.TokenType != JsonTokenType.Number)
            {
                reader.Skip();
                continue;
            }

            switch (field)
            {
                case 1 when reader.TryGetInt32(out var publisher):
                    frame.Publisher = publisher;
                    found |= 1;
                    break;
                case 2 when reader.TryGetInt64(out var pubSeq):
                    frame.PubSeq = pubSeq;
                    found |= 2;
                    break;
                case 3 when reader.TryGetInt64(out var sentAt):
                    frame.SentAt = sentAt;
                    found |= 4;
                    break;
            }
        }

        frame.HasProbe = found == 7;
    }
}
