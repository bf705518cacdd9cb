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

    public Task UpsertAsync(SubscriptionRecord subscription, TopicFence? fence, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                // An upsert always writes its row: nothing written means the fence did not hold.
                if (await connection.ExecuteAsync(new CommandDefinition(queries.Upsert, RelationalFence.With(SubscriptionRow.From(subscription), fence), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) == 0)
                {
                    throw StaleTopicEpochException.Of(fence?.Topic ?? subscription.Topic);
                }
            },
            cancellationToken);
    }

    public Task UpdateMarkersAsync(string topic, long userId, long readSeq, long recvSeq, TopicFence? fence, CancellationToken cancellationToken)
    {
        return UpdateAsync(queries.UpdateMarkers, new { Topic = topic, UserId = userId, ReadSeq = readSeq, RecvSeq = recvSeq, FenceTopic = fence?.Topic, fence?.Epoch }, fence, cancellationToken);
    }

    public Task SoftDeleteAsync(string topic, long userId, DateTime when, TopicFence? fence, CancellationToken cancellationToken)
    {
        return UpdateAsync(queries.SoftDelete, new { Topic = topic, UserId = userId, When = UnixTime.ToMs(when), FenceTopic = fence?.Topic, fence?.Epoch }, fence, cancellationToken);
    }

    /// <summary>An update of one subscription under the fence; no such subscription changes nothing, a stale fence throws.</summary>
    private Task UpdateAsync(string sql, object parameters, TopicFence? fence, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                if (await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) == 0)
                {
                    await RelationalFence.ThrowIfStaleAsync(connection, transaction, fence, cancellationToken).ConfigureAwait(false);
                }
            },
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
