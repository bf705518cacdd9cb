namespace Broker.Protocol.Client;

/// <summary><c>{acc}</c>: create or update an account.</summary>
public sealed class MsgAcc
{
    public string? Id { get; set; }
    public string? User { get; set; }
    public string? TmpScheme { get; set; }
    public string? TmpSecret { get; set; }
    public string? Status { get; set; }
    public string? Scheme { get; set; }
    public string? Secret { get; set; }
    public bool Login { get; set; }
    public string[]? Tags { get; set; }
    public MsgCred[]? Cred { get; set; }
    public MsgSetDesc? Desc { get; set; }
}
