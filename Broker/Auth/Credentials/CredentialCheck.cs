using Broker.Protocol.Server;

namespace Broker.Auth;

/// <summary>The result of answering a code: the reply code, and the confirmed value when it was right.</summary>
internal readonly record struct CredentialCheck(CtrlCode Code, string? Confirmed = null)
{
    public bool IsConfirmed => Confirmed is not null;
}
