namespace Broker.Protocol.Server;

/// <summary>A credential as the server reports it.</summary>
public sealed class MsgCredInfo
{
    public string Meth { get; set; } = string.Empty;
    public string Val { get; set; } = string.Empty;
    public bool Done { get; set; }
}
