namespace Broker.Protocol.Server;

/// <summary>One WebRTC ICE server in <c>{hi}</c>'s <c>iceServers</c>, shaped as the browser's <c>RTCIceServer</c>.</summary>
public sealed class MsgIceServer
{
    public string[] Urls { get; set; } = [];
    public string? Username { get; set; }
    public string? Credential { get; set; }
}
