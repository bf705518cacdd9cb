namespace Broker.Storage.Relational;

/// <summary>One dialect's SQL for <see cref="RelationalUserStore"/>, and how it passes a list of ids.</summary>
internal sealed record UserQueries(
    string SelectUser,
    string SelectUsers,
    string InsertUser,
    string InsertAuth,
    string InsertCredential,
    string UpdateUser,
    string UpdateLastSeen,
    string UpdateRateLimits,
    string DeleteUser,
    string SelectAuthByUnique,
    string SelectAuthByUser,
    string UpdateAuthSecret,
    string SelectCredentials,
    Func<IReadOnlyCollection<long>, object> IdList);
