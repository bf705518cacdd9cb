using Broker.Options;
using Broker.Protocol.Server;
using Broker.Storage;
using Microsoft.Extensions.Options;

namespace Broker.Auth;

/// <summary>
/// Credentials as Tinode's validators handle them: a new value is stored unconfirmed with a mailed (or texted) code,
/// one pending value per method; the right code confirms it. Codes expire, are compared in constant time and take a
/// limited number of wrong answers. The caller adds or removes the <c>method:value</c> tag through the user's
/// <c>me</c> actor, which owns the user record.
/// </summary>
internal sealed class CredentialService(StorageBackend store, CodeDelivery delivery, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Purpose = "cred";
    public static readonly CtrlCode InvalidResponse = new(406, "invalid response");
    private readonly AuthOptions settings = options.Value;

    public IReadOnlyList<string> Required => settings.RequiredCredentials;

    private static string Subject(long userId, string method) => userId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + method;

    /// <summary>Adds (or re-sends the code of) an unconfirmed credential. 200, 304 when already confirmed, 400, or 409 when another user confirmed it.</summary>
    public async Task<CtrlCode> RequestAsync(long userId, string? method, string? value, CancellationToken cancellationToken)
    {
        if (!CredentialMethods.TryNormalize(method, value, out var normalized))
        {
            return CtrlCode.Malformed;
        }

        try
        {
            if (!await store.Users.AddCredentialAsync(new CredentialRecord(userId, method!, normalized, false), cancellationToken))
            {
                return CtrlCode.NotModified;
            }
        }
        catch (DuplicateKeyException)
        {
            return CtrlCode.DuplicateCredential;
        }

        var code = OneTimeCodes.New(settings.CodeLength);
        var subject = Subject(userId, method!);
        var now = clock.GetUtcNow().UtcDateTime;
        await store.Users.PutCodeAsync(new OneTimeCode(Purpose, subject, userId, normalized, OneTimeCodes.Hash(subject, code), now + settings.CodeLifetime), now, cancellationToken);
        _ = delivery.SendAsync(method!, normalized, code, CodePurpose.Validation);
        return CtrlCode.Ok;
    }

    /// <summary>Answers the pending code of <paramref name="method"/>. 200 with the confirmed value, 404 with none pending, 406 wrong, 422 past the attempts.</summary>
    public async Task<CredentialCheck> CheckAsync(long userId, string? method, string? answer, CancellationToken cancellationToken)
    {
        if (!CredentialMethods.IsKnown(method) || string.IsNullOrWhiteSpace(answer))
        {
            return new CredentialCheck(CtrlCode.Malformed);
        }

        var subject = Subject(userId, method!);
        var pending = await store.Users.GetCodeAsync(Purpose, subject, cancellationToken);
        if (pending is null)
        {
            return new CredentialCheck(CtrlCode.NotFound);
        }

        var verdict = await VerifyAsync(pending, answer, cancellationToken);
        if (verdict != CtrlCode.Ok)
        {
            return new CredentialCheck(verdict);
        }

        try
        {
            return await store.Users.ConfirmCredentialAsync(userId, method!, pending.Value, cancellationToken)
                ? new CredentialCheck(CtrlCode.Ok, pending.Value)
                : new CredentialCheck(CtrlCode.NotFound);
        }
        catch (DuplicateKeyException)
        {
            return new CredentialCheck(CtrlCode.DuplicateCredential);
        }
    }

    /// <summary>
    /// Checks an answer against a stored code and uses the code up when it is right: 200, 401-like 406 when wrong,
    /// 422 once the attempts are spent, 404 once expired or already used.
    /// </summary>
    public async Task<CtrlCode> VerifyAsync(OneTimeCode pending, string? answer, CancellationToken cancellationToken)
    {
        if (pending.Expires <= clock.GetUtcNow().UtcDateTime)
        {
            await store.Users.DeleteCodeAsync(pending.Purpose, pending.Subject, cancellationToken);
            return CtrlCode.NotFound;
        }

        if (pending.Attempts >= settings.MaxCodeAttempts)
        {
            return CtrlCode.PolicyViolation;
        }

        if (!OneTimeCodes.Matches(pending.Subject, answer, pending.CodeHash))
        {
            await store.Users.CountCodeFailureAsync(pending.Purpose, pending.Subject, cancellationToken);
            return InvalidResponse;
        }

        // Single use: of two sessions answering at once, only the one that removes the code goes on.
        return await store.Users.DeleteCodeAsync(pending.Purpose, pending.Subject, cancellationToken) ? CtrlCode.Ok : CtrlCode.NotFound;
    }

    /// <summary>The required methods the user has not confirmed yet.</summary>
    public async Task<string[]> MissingAsync(long userId, CancellationToken cancellationToken)
    {
        if (settings.RequiredCredentials.Length == 0)
        {
            return [];
        }

        var confirmed = (await store.Users.GetCredentialsAsync(userId, cancellationToken)).Where(c => c.Done).Select(c => c.Method).ToHashSet();
        return [.. settings.RequiredCredentials.Where(m => !confirmed.Contains(m)).Distinct()];
    }

    /// <summary>
    /// Removes a credential: 200 (with the tag to remove when it was confirmed), 304 when there
    /// was none, 400, or 422 when it is the last confirmed value of a required method.
    /// </summary>
    public async Task<(CtrlCode Code, string? RemovedTag)> DeleteAsync(long userId, string? method, string? value, CancellationToken cancellationToken)
    {
        if (!CredentialMethods.TryNormalize(method, value, out var normalized))
        {
            return (CtrlCode.Malformed, null);
        }

        var all = await store.Users.GetCredentialsAsync(userId, cancellationToken);
        var target = all.FirstOrDefault(c => c.Method == method && c.Value == normalized);
        if (target is null)
        {
            return (CtrlCode.NoAction, null);
        }

        if (target.Done && settings.RequiredCredentials.Contains(method) && !all.Any(c => c.Done && c.Method == method && c.Value != normalized))
        {
            return (CtrlCode.PolicyViolation, null);
        }

        await store.Users.DeleteCredentialAsync(userId, method!, normalized, cancellationToken);
        var subject = Subject(userId, method!);
        if (await store.Users.GetCodeAsync(Purpose, subject, cancellationToken) is { } pending && pending.Value == normalized)
        {
            await store.Users.DeleteCodeAsync(Purpose, subject, cancellationToken);
        }

        return (CtrlCode.Ok, target.Done ? CredentialMethods.Tag(method!, normalized) : null);
    }
}
