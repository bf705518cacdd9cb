using System.Text.Json;

namespace Broker.Bench.Load.Baseline;

/// <summary>Reads the top-level key, id, topic, secret, noecho and raw content of a client frame.</summary>
internal static class BaselineRequestReader
{
    public static BaselineRequest? TryRead(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
            {
                return null;
            }

            var kind = KindOf(ref reader);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? id = null, topic = null, secret = null;
            byte[]? content = null;
            var noEcho = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("topic"u8))
                {
                    reader.Read();
                    topic = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("secret"u8))
                {
                    reader.Read();
                    secret = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                else if (reader.ValueTextEquals("noecho"u8))
                {
                    reader.Read();
                    noEcho = reader.TokenType == JsonTokenType.True;
                }
                else if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    content = utf8[start..(int)reader.BytesConsumed].ToArray();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return new BaselineRequest(kind, id, topic, secret, noEcho, content);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static BaselineRequestKind KindOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("pub"u8) ? BaselineRequestKind.Pub :
        reader.ValueTextEquals("sub"u8) ? BaselineRequestKind.Sub :
        reader.ValueTextEquals("hi"u8) ? BaselineRequestKind.Hi :
        reader.ValueTextEquals("acc"u8) ? BaselineRequestKind.Acc :
        reader.ValueTextEquals("login"u8) ? BaselineRequestKind.Login :
        reader.ValueTextEquals("get"u8) ? BaselineRequestKind.Get :
        reader.ValueTextEquals("note"u8) ? BaselineRequestKind.Note :
        reader.ValueTextEquals("leave"u8) ? BaselineRequestKind.Leave :
        BaselineRequestKind.Unknown;
}
