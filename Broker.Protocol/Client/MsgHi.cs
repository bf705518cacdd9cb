namespace Broker.Protocol.Client;

/// <summary><c>{hi}</c>: handshake.</summary>
public sealed class MsgHi
{
    public string? Id { get; set; }
    public string? Ver { get; set; }
    public string? Ua { get; set; }
    public string? Dev { get; set; }
    public string? Platf { get; set; }
    public string? Lang { get; set; }
    public bool Bkg { get; set; }
}
