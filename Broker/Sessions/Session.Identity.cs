using Broker.Protocol.Client;
using Broker.Protocol.Server;

namespace Broker.Sessions;

/// <summary>Password reset requests and <c>{acc}</c> authenticated by a reset code or token instead of a login.</summary>
internal sealed partial class Session
{
    /// <summary>
    /// <c>{login scheme:"reset"}</c>: always 301 for a well-formed request, whether or not the address exists. Each
    /// request counts against the address like a failed login, so nobody can mail-bomb through the broker.
    /// </summary>
    private async Task RequestPasswordResetAsync(MsgLogin login, CancellationToken cancellationToken)
    {
        if (RefuseLockedOut(login.Id, null))
        {
            return;
        }

        var code = await services.PasswordReset.RequestAsync(login.Secret, cancellationToken);
        services.LoginThrottle.Failed(null, RemoteAddress);
        Reply(login.Id, null, code);
    }

    private async Task UpdateWithTemporaryAuthAsync(MsgAcc acc, CancellationToken cancellationToken)
    {
        if (RefuseLockedOut(acc.Id, null))
        {
            return;
        }

        var outcome = await services.Accounts.UpdateWithTemporaryAuthAsync(acc, cancellationToken);
        if (outcome.Code == CtrlCode.AuthFailed)
        {
            await CountFailedCredentialAsync(null, cancellationToken);
        }

        Reply(acc.Id, null, outcome.Code, outcome.Params);
    }
}
