using System.Text.Json;
using Broker.Protocol.Server;

namespace Broker.Protocol.Json;

/// <summary>Serializes server frames to UTF-8; the bytes are shared by every recipient of a fan-out.</summary>
public static class FrameWriter
{
    public static byte[] Write(ServerMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(message, ProtocolJsonContext.Default.ServerMessage);

    public static byte[] Write(MsgCtrl ctrl) => Write(new ServerMessage { Ctrl = ctrl });

    public static byte[] Write(MsgData data) => PublishFrameWriter.Data(data);

    public static byte[] Write(MsgMeta meta) => Write(new ServerMessage { Meta = meta });

    public static byte[] Write(MsgPres pres) => Write(new ServerMessage { Pres = pres });

    public static byte[] Write(MsgInfo info) => Write(new ServerMessage { Info = info });
}
