using System.Text.Json.Nodes;
using Broker.Storage;

namespace Broker.Auth;

/// <summary>Users authenticated by an OpenID Connect provider (<c>{login scheme:"jwt"}</c>).</summary>
internal sealed partial class AccountService
{
    public const string ExternalTokenScheme = "jwt";

    /// <summary>
    /// The user of a valid token, created on its first login from issuer + <c>sub</c>: <c>name</c> becomes
    /// <c>public.fn</c>, an <c>email</c> with <c>email_verified</c> a confirmed credential and its tag. Null when the
    /// token is not valid.
    /// </summary>
    private async Task<long?> FindOrCreateExternalAsync(string? secret, CancellationToken cancellationToken)
    {
        if (await jwtLogin.ValidateAsync(secret, cancellationToken) is not { } identity)
        {
            return null;
        }

        if (await store.Users.GetAuthByUniqueAsync(ExternalTokenScheme, identity.Unique, cancellationToken) is { } known)
        {
            return known.UserId;
        }

        var tags = new List<string>();
        var credentials = new List<CredentialRecord>();
        if (identity.EmailVerified && CredentialMethods.TryNormalize(CredentialMethods.Email, identity.Email, out var email)
            && await store.Users.FindUserByCredentialAsync(CredentialMethods.Email, email, cancellationToken) is null)
        {
            tags.Add(CredentialMethods.Tag(CredentialMethods.Email, email));
            credentials.Add(new CredentialRecord(0, CredentialMethods.Email, email, Done: true));
        }

        var now = Now();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var user = new UserRecord
            {
                Id = NewUserId(),
                Created = now,
                Updated = now,
                Public = identity.Name is { } name ? new JsonObject { ["fn"] = name }.ToJsonString() : null,
                Tags = tags,
            };
            try
            {
                await store.Users.CreateAsync(
                    user,
                    new AuthRecord(user.Id, ExternalTokenScheme, identity.Unique, string.Empty, (int)AuthLevel.Auth),
                    [.. credentials.Select(c => c with { UserId = user.Id })],
                    cancellationToken);
                return user.Id;
            }
            catch (DuplicateKeyException)
            {
                // Another session created the same user first, or the id collided, or the address was confirmed meanwhile.
                if (await store.Users.GetAuthByUniqueAsync(ExternalTokenScheme, identity.Unique, cancellationToken) is { } raced)
                {
                    return raced.UserId;
                }

                (tags, credentials) = ([], []);
            }
        }

        return null;
    }
}
