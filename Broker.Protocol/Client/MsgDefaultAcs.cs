namespace Broker.Protocol.Client;

/// <summary>Default access as strings, in and out: <c>{"auth":"JRWPS","anon":"N"}</c>.</summary>
public sealed class MsgDefaultAcs
{
    public string? Auth { get; set; }
    public string? Anon { get; set; }
}
