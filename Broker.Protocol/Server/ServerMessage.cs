namespace Broker.Protocol.Server;

/// <summary>The envelope of one server frame: exactly one member is set.</summary>
public sealed class ServerMessage
{
    public MsgCtrl? Ctrl { get; set; }
    public MsgData? Data { get; set; }
    public MsgMeta? Meta { get; set; }
    public MsgPres? Pres { get; set; }
    public MsgInfo? Info { get; set; }
}
