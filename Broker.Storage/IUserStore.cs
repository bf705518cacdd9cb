namespace Broker.Storage;

/// <summary>Users, their authentication records and credentials.</summary>
public interface IUserStore
{
    /// <summary>Creates the user with its auth record. Throws <see cref="DuplicateKeyException"/> when the login or id is taken.</summary>
    Task CreateAsync(UserRecord user, AuthRecord auth, IReadOnlyList<CredentialRecord> credentials, CancellationToken cancellationToken);

    Task<UserRecord?> GetAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<UserRecord>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>Replaces the mutable fields: state, defaults, public, trusted, tags, updated.</summary>
    Task UpdateAsync(UserRecord user, CancellationToken cancellationToken);

    Task UpdateLastSeenAsync(long id, DateTime when, string? userAgent, CancellationToken cancellationToken);

    /// <summary>Sets (null: clears) the user's own rate limits; false when there is no such user.</summary>
    Task<bool> SetRateLimitsAsync(long id, UserRateLimits? limits, CancellationToken cancellationToken);

    /// <summary>Removes the user, its auth records and credentials.</summary>
    Task DeleteAsync(long id, CancellationToken cancellationToken);

    Task<AuthRecord?> GetAuthByUniqueAsync(string scheme, string unique, CancellationToken cancellationToken);

    Task<AuthRecord?> GetAuthByUserAsync(long userId, string scheme, CancellationToken cancellationToken);

    /// <summary>Replaces the secret (password hash) of the user's record for <paramref name="scheme"/>.</summary>
    Task UpdateAuthSecretAsync(long userId, string scheme, string secret, CancellationToken cancellationToken);

    Task<IReadOnlyList<CredentialRecord>> GetCredentialsAsync(long userId, CancellationToken cancellationToken);
}
