namespace Broker.Options;

/// <summary>One ICE server of <c>Calls:IceServers</c>: its URLs and, for TURN, the credentials.</summary>
public sealed class IceServerOptions
{
    public string[] Urls { get; set; } = [];
    public string? Username { get; set; }
    public string? Credential { get; set; }
}
