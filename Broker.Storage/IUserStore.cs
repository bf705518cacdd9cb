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

    /// <summary>
    /// Adds <paramref name="credential"/> unconfirmed, replacing the user's other unconfirmed credentials of the same
    /// method (one pending value per method, as Tinode keeps). False when the user has already confirmed that value.
    /// Throws <see cref="DuplicateKeyException"/> when another user has confirmed it.
    /// </summary>
    Task<bool> AddCredentialAsync(CredentialRecord credential, CancellationToken cancellationToken);

    /// <summary>Marks the credential confirmed; false when the user has no such credential. Throws <see cref="DuplicateKeyException"/> when another user confirmed the value first.</summary>
    Task<bool> ConfirmCredentialAsync(long userId, string method, string value, CancellationToken cancellationToken);

    /// <summary>Removes the credential; false when there was none.</summary>
    Task<bool> DeleteCredentialAsync(long userId, string method, string value, CancellationToken cancellationToken);

    /// <summary>The user who has confirmed <paramref name="method"/>:<paramref name="value"/>, if any.</summary>
    Task<long?> FindUserByCredentialAsync(string method, string value, CancellationToken cancellationToken);

    /// <summary>Replaces the unique name (login) and secret of the user's record for <paramref name="scheme"/>. Throws <see cref="DuplicateKeyException"/> when the name is taken.</summary>
    Task UpdateAuthAsync(long userId, string scheme, string unique, string secret, CancellationToken cancellationToken);

    /// <summary>Stores a code, replacing the one for the same purpose and subject (its attempts start again); drops codes expired before <paramref name="now"/>.</summary>
    Task PutCodeAsync(OneTimeCode code, DateTime now, CancellationToken cancellationToken);

    Task<OneTimeCode?> GetCodeAsync(string purpose, string subject, CancellationToken cancellationToken);

    /// <summary>Counts a wrong answer; returns the attempts so far, or 0 when there is no such code.</summary>
    Task<int> CountCodeFailureAsync(string purpose, string subject, CancellationToken cancellationToken);

    /// <summary>Removes the code; true for exactly one caller when several race to use it.</summary>
    Task<bool> DeleteCodeAsync(string purpose, string subject, CancellationToken cancellationToken);
}
