using Broker.Protocol.Names;
using Dapper;

namespace Broker.Storage.Relational;

/// <summary>Topics on SQLite and PostgreSQL alike: the dialects differ only in their SQL.</summary>
internal sealed class RelationalTopicStore(IRelationalDatabase database, TopicQueries queries, TagQueries tagQueries) : ITopicStore
{
    public Task CreateAsync(TopicRecord topic, IReadOnlyList<SubscriptionRecord> subscriptions, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(new CommandDefinition(queries.Insert, TopicRow.From(topic), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await ReplaceTagsAsync(connection, transaction, topic, cancellationToken).ConfigureAwait(false);
                if (subscriptions.Count > 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(queries.UpsertSubscription, subscriptions.Select(SubscriptionRow.From), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
            },
            cancellationToken);
    }

    public Task<TopicRecord?> GetAsync(string name, CancellationToken cancellationToken)
    {
        return database.ReadAsync(
            async connection =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<TopicRow>(new CommandDefinition(queries.Select, new { Name = name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return row?.ToRecord();
            },
            cancellationToken);
    }

    public Task UpdateAsync(TopicRecord topic, TopicFence? fence, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                if (await connection.ExecuteAsync(new CommandDefinition(queries.Update, RelationalFence.With(TopicRow.From(topic), fence), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0)
                {
                    await ReplaceTagsAsync(connection, transaction, topic, cancellationToken).ConfigureAwait(false);
                }
                else if (fence is { } f)
                {
                    // No such topic, or not at the fence's epoch: stale either way.
                    throw StaleTopicEpochException.Of(f.Topic);
                }
            },
            cancellationToken);
    }

    /// <summary>The topic's rows in the tag index, in the transaction that writes the topic.</summary>
    private Task ReplaceTagsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, TopicRecord topic, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(tagQueries.ReplaceTopicTags, new { topic.Name, Tags = TagsJson.Serialize(topic.Tags) }, transaction, cancellationToken: cancellationToken));

    public Task<long?> ClaimEpochAsync(string name, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteScalarAsync<long?>(new CommandDefinition(CommonQueries.ClaimEpoch, new { Name = name }, transaction, cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task DeleteAsync(string name, TopicFence? fence, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var parameters = new { Name = name, Readers = ChannelReaders.TopicOf(name), FenceTopic = fence?.Topic, fence?.Epoch };
                if (await connection.ExecuteAsync(new CommandDefinition(queries.DeleteRow, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) == 0 && fence is { } f)
                {
                    throw StaleTopicEpochException.Of(f.Topic);
                }

                await connection.ExecuteAsync(new CommandDefinition(queries.DeleteData, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<TopicRecord>> ListGroupsAsync(string? after, int limit, CancellationToken cancellationToken) =>
        ListByPrefixAsync(queries.ListByPrefix, TopicNames.GroupPrefix, after, limit, cancellationToken);

    public Task<IReadOnlyList<TopicRecord>> ListOwnerlessAsync(string prefix, string? after, int limit, CancellationToken cancellationToken) =>
        ListByPrefixAsync(queries.ListOwnerlessByPrefix, prefix, after, limit, cancellationToken);

    private Task<IReadOnlyList<TopicRecord>> ListByPrefixAsync(string sql, string prefix, string? after, int limit, CancellationToken cancellationToken)
    {
        return database.ReadAsync<IReadOnlyList<TopicRecord>>(
            async connection =>
            {
                var rows = await connection.QueryAsync<TopicRow>(new CommandDefinition(
                    sql,
                    new { Prefix = prefix, PrefixEnd = GroupNames.PrefixEndOf(prefix), After = after ?? string.Empty, Limit = limit },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                return [.. rows.Select(r => r.ToRecord())];
            },
            cancellationToken);
    }
}
