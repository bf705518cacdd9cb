using Dapper;

namespace Broker.Storage.Relational;

/// <summary>Users, auth records and credentials on SQLite and PostgreSQL alike: the dialects differ only in their SQL.</summary>
internal sealed partial class RelationalUserStore(IRelationalDatabase database, UserQueries queries, CredentialQueries credentialQueries, TagQueries tagQueries) : IUserStore
{
    public Task CreateAsync(UserRecord user, AuthRecord auth, IReadOnlyList<CredentialRecord> credentials, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(queries.InsertUser, UserRow.From(user), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(queries.InsertAuth, AuthRow.From(auth), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await ReplaceTagsAsync(connection, transaction, user, cancellationToken).ConfigureAwait(false);
                if (credentials.Count > 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(queries.InsertCredential, credentials.Select(CredentialRow.From), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    public Task<UserRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        return database.ReadAsync(
            async connection =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(queries.SelectUser, new { Id = id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return row?.ToRecord();
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<UserRecord>> GetManyAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await database.ReadAsync(
            connection => connection.QueryAsync<UserRow>(new CommandDefinition(queries.SelectUsers, new { Ids = queries.IdList(ids) }, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        var byId = rows.ToDictionary(r => r.Id);

        // In the order asked for, like the in-memory store.
        var result = new List<UserRecord>(byId.Count);
        foreach (var id in ids)
        {
            if (byId.TryGetValue(id, out var row))
            {
                result.Add(row.ToRecord());
            }
        }

        return result;
    }

    public Task UpdateAsync(UserRecord user, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                if (await connection.ExecuteAsync(new CommandDefinition(queries.UpdateUser, UserRow.From(user), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0)
                {
                    await ReplaceTagsAsync(connection, transaction, user, cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    /// <summary>The user's rows in the tag index, in the transaction that writes the user.</summary>
    private Task ReplaceTagsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, UserRecord user, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(tagQueries.ReplaceUserTags, new { user.Id, Tags = TagsJson.Serialize(user.Tags) }, transaction, cancellationToken: cancellationToken));

    public Task UpdateLastSeenAsync(long id, DateTime when, string? userAgent, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                queries.UpdateLastSeen,
                new { Id = id, LastSeen = UnixTime.ToMs(when), UserAgent = userAgent },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public async Task<bool> SetRateLimitsAsync(long id, UserRateLimits? limits, CancellationToken cancellationToken)
    {
        var changed = 0;
        await database.WriteAsync(
            async (connection, transaction) => changed = await connection.ExecuteAsync(new CommandDefinition(
                queries.UpdateRateLimits,
                new { Id = id, RateLimits = RateLimitsJson.Serialize(limits) },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);
        return changed > 0;
    }

    public Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(queries.DeleteUser, new { Id = id }, transaction, cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task<AuthRecord?> GetAuthByUniqueAsync(string scheme, string unique, CancellationToken cancellationToken)
    {
        return database.ReadAsync(
            async connection =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<AuthRow>(new CommandDefinition(queries.SelectAuthByUnique, new { Scheme = scheme, Uniq = unique }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return row?.ToRecord();
            },
            cancellationToken);
    }

    public Task<AuthRecord?> GetAuthByUserAsync(long userId, string scheme, CancellationToken cancellationToken)
    {
        return database.ReadAsync(
            async connection =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<AuthRow>(new CommandDefinition(queries.SelectAuthByUser, new { UserId = userId, Scheme = scheme }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return row?.ToRecord();
            },
            cancellationToken);
    }

    public Task UpdateAuthSecretAsync(long userId, string scheme, string secret, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(queries.UpdateAuthSecret, new { UserId = userId, Scheme = scheme, Secret = secret }, transaction, cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task<IReadOnlyList<CredentialRecord>> GetCredentialsAsync(long userId, CancellationToken cancellationToken)
    {
        return database.ReadAsync<IReadOnlyList<CredentialRecord>>(
            async connection =>
            {
                var rows = await connection.QueryAsync<CredentialRow>(new CommandDefinition(queries.SelectCredentials, new { UserId = userId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return [.. rows.Select(r => r.ToRecord())];
            },
            cancellationToken);
    }
}
