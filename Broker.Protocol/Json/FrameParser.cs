using System.Text.Json;
using Broker.Protocol.Client;

namespace Broker.Protocol.Json;

/// <summary>Parses one WebSocket text message into a <see cref="ClientMessage"/>.</summary>
public static class FrameParser
{
    /// <summary>
    /// Returns false for malformed JSON, JSON nested deeper than the limit, values of the wrong type, or an object
    /// with none of the known frame keys; all of these are answered with <c>{ctrl 400 malformed}</c>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out ClientMessage message)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize(utf8, ProtocolJsonContext.Default.ClientMessage);
            if (parsed is null || parsed.Kind == ClientFrameKind.Unknown)
            {
                message = null!;
                return false;
            }

            message = parsed;
            return true;
        }
        catch (JsonException)
        {
            message = null!;
            return false;
        }
        catch (InvalidOperationException)
        {
            message = null!;
            return false;
        }
    }
}
