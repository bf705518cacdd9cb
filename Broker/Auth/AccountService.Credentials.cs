using Broker.Protocol.Client;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Topics;

namespace Broker.Auth;

/// <summary>Credential validation during <c>{login}</c> and <c>{acc}</c>, and the 300 reply asking for it.</summary>
internal sealed partial class AccountService
{
    public static readonly CtrlCode ValidateCredentialsCode = new(300, "validate credentials");

    /// <summary>
    /// Tinode's <c>{ctrl 300 "validate credentials"}</c>: the session stays unauthenticated; the token lets the client
    /// log in again with <c>cred:[{meth, resp}]</c> once it has the codes.
    /// </summary>
    private static AuthOutcome ValidateCredentials(UserId id, string token, DateTime expires, string[] missing) =>
        new(ValidateCredentialsCode, new CtrlParams { User = id.ToString(), AuthLevel = "auth", Token = token, Expires = expires, Cred = missing })
        {
            User = id,
        };

    /// <summary>Applies the codes a <c>{login}</c> carries; wrong ones leave their credential unconfirmed, as in Tinode.</summary>
    private async Task AnswerCodesAsync(UserId id, MsgCred[]? answers, CancellationToken cancellationToken)
    {
        foreach (var answer in answers ?? [])
        {
            if (string.IsNullOrEmpty(answer.Resp))
            {
                continue;
            }

            var check = await credentialService.CheckAsync(id.Value, answer.Meth, answer.Resp, cancellationToken);
            if (check.IsConfirmed)
            {
                await ChangeCredentialTagAsync(id, CredentialMethods.Tag(answer.Meth!, check.Confirmed!), null, cancellationToken);
            }
        }
    }

    /// <summary><c>{acc cred:[…]}</c>: a <c>resp</c> answers a pending code, a <c>val</c> alone adds a credential and sends its code.</summary>
    private async Task<AuthOutcome> UpdateCredentialsAsync(UserId id, MsgCred[] creds, CancellationToken cancellationToken)
    {
        foreach (var cred in creds)
        {
            CtrlCode code;
            if (!string.IsNullOrEmpty(cred.Resp))
            {
                var check = await credentialService.CheckAsync(id.Value, cred.Meth, cred.Resp, cancellationToken);
                code = check.Code;
                if (check.IsConfirmed)
                {
                    await ChangeCredentialTagAsync(id, CredentialMethods.Tag(cred.Meth!, check.Confirmed!), null, cancellationToken);
                }
            }
            else
            {
                code = await credentialService.RequestAsync(id.Value, cred.Meth, cred.Val, cancellationToken);
                code = code == CtrlCode.NotModified ? CtrlCode.Ok : code;
            }

            if (code.Code >= 300)
            {
                return AuthOutcome.Fail(code, "cred");
            }
        }

        var missing = await credentialService.MissingAsync(id.Value, cancellationToken);
        return new AuthOutcome(CtrlCode.Ok, missing.Length > 0 ? new CtrlParams { Cred = missing } : null);
    }

    /// <summary>The user record belongs to its <c>me</c> actor: tags change there, so a loaded actor stays current.</summary>
    private async Task ChangeCredentialTagAsync(UserId id, string? add, string? remove, CancellationToken cancellationToken) =>
        await dispatcher.SendAsync(new CredentialTagsCommand(Admin.AdminDispatcher.MeOf(id), add, remove), cancellationToken);
}
