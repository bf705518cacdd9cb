namespace Broker.Protocol.Client;

/// <summary><c>{login}</c>: authenticate the session.</summary>
public sealed class MsgLogin
{
    public string? Id { get; set; }
    public string? Scheme { get; set; }
    public string? Secret { get; set; }
    public MsgCred[]? Cred { get; set; }
}
