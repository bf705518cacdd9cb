using System.Text;
using Broker.Options;
using Broker.Protocol.Server;
using Broker.Storage;
using Microsoft.Extensions.Options;

namespace Broker.Auth;

/// <summary>
/// Tinode's password reset: <c>{login scheme:"reset", secret:base64("basic:email:&lt;address&gt;")}</c> answers 301 and
/// mails a one-time code when the address is a confirmed credential of an account with a password (and answers the
/// same when it is not, so nobody learns whether an address exists); <c>{acc tmpscheme:"code",
/// tmpsecret:base64("&lt;code&gt;:email:&lt;address&gt;"), scheme:"basic", secret:base64(":&lt;new password&gt;")}</c>
/// then sets the new password. Codes are single-use, expire and take a limited number of wrong answers.
/// </summary>
internal sealed class PasswordReset(StorageBackend store, CredentialService credentials, CodeDelivery delivery, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Purpose = "reset";
    public const string CodeScheme = "code";
    public static readonly CtrlCode AuthReset = new(301, "auth reset");
    private readonly AuthOptions settings = options.Value;

    public async Task<CtrlCode> RequestAsync(string? secret, CancellationToken cancellationToken)
    {
        if (!TrySplit(secret, out var scheme, out var method, out var value))
        {
            return CtrlCode.Malformed;
        }

        if (scheme != AccountService.BasicScheme || !CredentialMethods.IsKnown(method) || !delivery.CanSend(method))
        {
            return CtrlCode.NotImplemented;
        }

        if (!CredentialMethods.TryNormalize(method, value, out var normalized))
        {
            return CtrlCode.Malformed;
        }

        if (await store.Users.FindUserByCredentialAsync(method, normalized, cancellationToken) is not { } userId
            || await store.Users.GetAuthByUserAsync(userId, AccountService.BasicScheme, cancellationToken) is null)
        {
            return AuthReset;
        }

        var code = OneTimeCodes.New(settings.CodeLength);
        var subject = method + ":" + normalized;
        var now = clock.GetUtcNow().UtcDateTime;
        await store.Users.PutCodeAsync(new OneTimeCode(Purpose, subject, userId, normalized, OneTimeCodes.Hash(subject, code), now + settings.CodeLifetime), now, cancellationToken);
        _ = delivery.SendAsync(method, normalized, code, CodePurpose.PasswordReset);
        return AuthReset;
    }

    /// <summary>Uses up a reset code; the user it was mailed for, or null (wrong, expired, used, or past its attempts).</summary>
    public async Task<long?> RedeemAsync(string? tmpSecret, CancellationToken cancellationToken)
    {
        if (!TrySplit(tmpSecret, out var code, out var method, out var value) || !CredentialMethods.TryNormalize(method, value, out var normalized))
        {
            return null;
        }

        var pending = await store.Users.GetCodeAsync(Purpose, method + ":" + normalized, cancellationToken);
        if (pending is null)
        {
            return null;
        }

        return await credentials.VerifyAsync(pending, code, cancellationToken) == CtrlCode.Ok ? pending.UserId : null;
    }

    /// <summary>base64 of <c>a:b:c</c> (the last part may hold more colons).</summary>
    private static bool TrySplit(string? secret, out string first, out string second, out string rest)
    {
        first = second = rest = string.Empty;
        if (string.IsNullOrEmpty(secret) || secret.Length > 1024)
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(secret));
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            return false;
        }

        var parts = text.Split(':', 3);
        if (parts.Length != 3)
        {
            return false;
        }

        (first, second, rest) = (parts[0], parts[1], parts[2]);
        return true;
    }
}
