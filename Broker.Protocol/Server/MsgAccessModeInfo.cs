namespace Broker.Protocol.Server;

/// <summary>Access modes as strings: <c>{"want":"JRWP","given":"JRWPS","mode":"JRWP"}</c>; also deltas in <c>dacs</c>.</summary>
public sealed class MsgAccessModeInfo
{
    public string? Want { get; set; }
    public string? Given { get; set; }
    public string? Mode { get; set; }
}
