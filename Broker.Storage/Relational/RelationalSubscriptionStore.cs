using Dapper;

namespace Broker.Storage.Relational;

/// <summary>Subscriptions on SQLite and PostgreSQL alike: the dialects differ only in their SQL.</summary>
internal sealed class RelationalSubscriptionStore(IRelationalDatabase database, SubscriptionQueries queries) : ISubscriptionStore
{
    public Task<SubscriptionRecord?> GetAsync(string topic, long userId, CancellationToken cancellationToken)
    {
        return database.ReadAsync(
            async connection =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(queries.Select, new { Topic = topic, UserId = userId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return row?.ToRecord();
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<SubscriptionRecord>> GetForTopicAsync(string topic, bool includeDeleted, CancellationToken cancellationToken)
    {
        return QueryAsync(queries.SelectForTopic, new { Topic = topic, IncludeDeleted = includeDeleted }, cancellationToken);
    }

    public Task<IReadOnlyList<SubscriptionRecord>> GetForUserAsync(long userId, bool includeDeleted, CancellationToken cancellationToken)
    {
        return QueryAsync(queries.SelectForUser, new { UserId = userId, IncludeDeleted = includeDeleted }, cancellationToken);
    }

    public Task UpsertAsync(SubscriptionRecord subscription, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(queries.Upsert, SubscriptionRow.From(subscription), transaction, cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task UpdateMarkersAsync(string topic, long userId, long readSeq, long recvSeq, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                queries.UpdateMarkers,
                new { Topic = topic, UserId = userId, ReadSeq = readSeq, RecvSeq = recvSeq },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task SoftDeleteAsync(string topic, long userId, DateTime when, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                queries.SoftDelete,
                new { Topic = topic, UserId = userId, When = UnixTime.ToMs(when) },
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken);
    }

    private Task<IReadOnlyList<SubscriptionRecord>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        return database.ReadAsync<IReadOnlyList<SubscriptionRecord>>(
            async connection =>
            {
                var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return [.. rows.Select(r => r.ToRecord())];
            },
            cancellationToken);
    }
}
