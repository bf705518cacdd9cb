using System.Text.Json;
using Broker.Json;
using Broker.Protocol.Names;
using Broker.Storage;
using Broker.Topics;

namespace Broker.Auth;

/// <summary>Accounts created by the admin API: <c>basic</c> (login and password) or <c>ext</c> (authenticated elsewhere).</summary>
internal sealed partial class AccountService
{
    /// <summary>The scheme of users authenticated by an embedding backend: they log in with tokens it obtains.</summary>
    public const string ExternalScheme = "ext";

    /// <summary>Creates a user; 201 with the <see cref="UserRecord"/>, or an error status and text.</summary>
    public async Task<AdminReply> AdminCreateAsync(
        string? login, string? password, string? external, UserId? id, JsonElement? publicValue, List<string> tags,
        CancellationToken cancellationToken)
    {
        string scheme;
        string unique;
        string secret;
        if (external is null)
        {
            if (login is null || password is null)
            {
                return new AdminReply(400, null, "either login and password, or external, is required");
            }

            unique = login.ToLowerInvariant();
            if (!IsAcceptableLogin(unique) || password.Length < auth.MinPasswordLength)
            {
                return new AdminReply(422, null, "login or password does not meet the policy");
            }

            scheme = BasicScheme;
            secret = hasher.Hash(password);
        }
        else
        {
            if (login is not null || password is not null)
            {
                return new AdminReply(400, null, "give either login and password, or external, not both");
            }

            if (external.Length is 0 or > 256 || external.Any(char.IsControl))
            {
                return new AdminReply(400, null, "external must be 1 to 256 printable characters");
            }

            (scheme, unique, secret) = (ExternalScheme, external, string.Empty);
        }

        if (await store.Users.GetAuthByUniqueAsync(scheme, unique, cancellationToken) is not null)
        {
            return new AdminReply(409, null, scheme == BasicScheme ? "login already taken" : "external id already taken");
        }

        if (id is { } chosen && await store.Users.GetAsync(chosen.Value, cancellationToken) is not null)
        {
            return new AdminReply(409, null, "user id already taken");
        }

        var now = Now();
        while (true)
        {
            var user = new UserRecord
            {
                Id = id?.Value ?? NewUserId(),
                Created = now,
                Updated = now,
                Public = publicValue is { } pub ? JsonValues.Merge(null, pub) : null,
                Tags = scheme == BasicScheme ? tagPolicy.WithLoginTag(tags, unique) : tags,
            };
            try
            {
                await store.Users.CreateAsync(user, new AuthRecord(user.Id, scheme, unique, secret, (int)AuthLevel.Auth), [], cancellationToken);
                return new AdminReply(201, user, null);
            }
            catch (DuplicateKeyException)
            {
                // A random id may have collided: draw another; anything else is a real conflict.
                if (id is not null || await store.Users.GetAuthByUniqueAsync(scheme, unique, cancellationToken) is not null)
                {
                    return new AdminReply(409, null, "user already exists");
                }
            }
        }
    }
}
