using System.Data.Common;
using Dapper;

namespace Broker.Storage.Relational;

/// <summary>
/// Messages and delete transactions on SQLite and PostgreSQL alike: the dialects differ only in their SQL and in
/// how appends get their transactions (<see cref="IAppendScheduler"/>).
/// </summary>
internal sealed class RelationalMessageStore : IMessageStore
{
    private readonly IRelationalDatabase database;
    private readonly MessageQueries queries;
    private readonly AppendWork work;

    // On a backend with one writer connection (SQLite) the append statements are prepared once on it and reused;
    // only touched inside the writer's transactions, which run one at a time.
    private readonly bool singleWriter;
    private AppendCommands? writerCommands;

    /// <param name="database">Reads, deletes and head updates.</param>
    /// <param name="queries">The dialect's SQL.</param>
    /// <param name="appends">Gives each append its transaction.</param>
    /// <param name="singleWriter">Every append runs on one connection, one at a time, so its commands can be kept.</param>
    public RelationalMessageStore(IRelationalDatabase database, MessageQueries queries, IAppendScheduler appends, bool singleWriter)
    {
        this.database = database;
        this.queries = queries;
        this.singleWriter = singleWriter;
        Appends = appends;
        work = (connection, transaction, topic, batch, cancellationToken) => AppendInTransactionAsync(connection, transaction, topic, null, batch, cancellationToken);
    }

    internal IAppendScheduler Appends { get; }

    public Task<AppendResult> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        return batch.Count == 0 ? Task.FromResult(AppendResult.Empty) : Appends.AppendAsync(topic, batch, work, cancellationToken);
    }

    public Task<AppendResult> AppendFencedAsync(string topic, long epoch, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        return batch.Count == 0
            ? Task.FromResult(AppendResult.Empty)
            : Appends.AppendAsync(topic, batch, (connection, transaction, t, b, ct) => AppendInTransactionAsync(connection, transaction, t, epoch, b, ct), cancellationToken);
    }

    public Task<bool> ReplaceHeadAsync(string topic, long seq, string? head, TopicFence? fence, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                if (await connection.ExecuteAsync(new CommandDefinition(
                    queries.ReplaceHead, new { Topic = topic, Seq = seq, Head = head, FenceTopic = fence?.Topic, fence?.Epoch }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0)
                {
                    return true;
                }

                await RelationalFence.ThrowIfStaleAsync(connection, transaction, fence, cancellationToken).ConfigureAwait(false);
                return false;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<StoredMessage>> QueryAsync(string topic, long forUser, MessageQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit <= 0)
        {
            return [];
        }

        var windows = SeqWindows.NewestFirst(query);
        if (windows.Count == 0)
        {
            return [];
        }

        return await database.ReadAsync(
            async connection =>
            {
                var result = new List<StoredMessage>(Math.Min(query.Limit, 256));
                foreach (var window in windows)
                {
                    var rows = await connection.QueryAsync<MessageRow>(new CommandDefinition(
                        queries.SelectMessages,
                        new { Topic = topic, ForUser = forUser, window.Low, window.Hi, Limit = query.Limit - result.Count },
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                    result.AddRange(rows.Select(r => r.ToRecord()));
                    if (result.Count >= query.Limit)
                    {
                        break;
                    }
                }

                return result;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public Task<long> DeleteAsync(string topic, long? forUser, IReadOnlyList<SeqRange> ranges, TopicFence? fence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(ranges.Count, nameof(ranges));
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var delId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                    queries.AdvanceDelId, new { Topic = topic, FenceTopic = fence?.Topic, fence?.Epoch }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)
                    ?? throw (fence is { } f ? StaleTopicEpochException.Of(f.Topic) : TopicMissing(topic));
                var rows = ranges.Select(r => new { Topic = topic, DelId = delId, ForUser = forUser, r.Low, r.Hi }).ToList();
                await connection.ExecuteAsync(new CommandDefinition(queries.InsertDeletionRange, rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (forUser is null)
                {
                    await connection.ExecuteAsync(new CommandDefinition(queries.HardDeleteRange, rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    await connection.ExecuteAsync(new CommandDefinition(queries.DeleteOutboxRange, rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                return delId;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<DeletionRecord>> GetDeletionsAsync(string topic, long forUser, long since, long before, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        var rows = await database.ReadAsync(
            connection => connection.QueryAsync<DeletionRangeRow>(new CommandDefinition(
                queries.SelectDeletions,
                new { Topic = topic, ForUser = forUser, Since = since, Before = before > 0 ? before : long.MaxValue, Limit = limit },
                cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return DeletionRangeRow.Group(topic, rows);
    }

    private static InvalidOperationException TopicMissing(string topic) => new($"topic {topic} does not exist");

    /// <summary>
    /// One append inside the scheduler's transaction. A batch with idempotency keys first locks the topic's row, so
    /// that two appends of the same key (another node's included) cannot both find it missing. A fenced append
    /// (<paramref name="epoch"/> set) advances the seq only where the row still has that epoch, so a stale activation
    /// stores nothing; with keys, the lock's epoch is checked too, before any duplicate is answered.
    /// </summary>
    private async Task<AppendResult> AppendInTransactionAsync(DbConnection connection, DbTransaction transaction, string topic, long? epoch, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        var commands = CommandsFor(connection);
        try
        {
            var plan = new AppendPlan(batch);
            if (plan.KeyedFirsts.Count > 0)
            {
                var current = await commands.LockTopic.In(transaction).Set(0, topic).ScalarAsync(cancellationToken).ConfigureAwait(false) ?? throw TopicMissing(topic);
                if (epoch is { } mine && Convert.ToInt64(current, System.Globalization.CultureInfo.InvariantCulture) != mine)
                {
                    throw StaleTopicEpochException.Of(topic);
                }

                foreach (var index in plan.KeyedFirsts)
                {
                    var draft = batch[index];
                    if (await StoredSeqAsync(commands.SelectMessageKey.In(transaction), topic, draft, cancellationToken).ConfigureAwait(false) is { } stored)
                    {
                        plan.MarkStored(index, stored);
                    }
                }
            }

            var fresh = plan.Fresh;
            if (fresh.Count == 0)
            {
                return plan.Complete(0);
            }

            var advance = epoch is { } fence
                ? commands.AdvanceSeqFenced.In(transaction).Set(3, fence)
                : commands.AdvanceSeq.In(transaction);
            var last = await advance.Set(0, fresh.Count).Set(1, UnixTime.ToMs(fresh[^1].Ts)).Set(2, topic)
                .ScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
            if (last is null)
            {
                var exists = await commands.LockTopic.In(transaction).Set(0, topic).ScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
                throw exists && epoch is not null ? StaleTopicEpochException.Of(topic) : TopicMissing(topic);
            }

            var first = last.Value - fresh.Count + 1;
            await InsertAsync(commands.InsertMessages.In(transaction), topic, fresh, first, cancellationToken).ConfigureAwait(false);

            var raise = commands.RaiseSenderMarkers.In(transaction).Set(1, topic);
            foreach (var (from, lastSeq) in SenderMarkers.LastSeqs(fresh, first))
            {
                await raise.Set(0, lastSeq).Set(2, from).NonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            for (var i = 0; i < fresh.Count; i++)
            {
                var draft = fresh[i];
                if (draft.IdempotencyKey is { } key)
                {
                    await commands.UpsertMessageKey.In(transaction).Set(0, topic).Set(1, draft.From).Set(2, key).Set(3, first + i).Set(4, UnixTime.ToMs(draft.Ts))
                        .NonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                if (draft.Outbound)
                {
                    await commands.InsertOutbox.In(transaction).Set(0, topic).Set(1, first + i).Set(2, UnixTime.ToMs(draft.Ts))
                        .NonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            return plan.Complete(first);
        }
        finally
        {
            if (!singleWriter)
            {
                await commands.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private AppendCommands CommandsFor(DbConnection connection)
    {
        if (!singleWriter)
        {
            return new AppendCommands(connection, queries);
        }

        if (writerCommands is null || !ReferenceEquals(writerCommands.Connection, connection))
        {
            writerCommands = new AppendCommands(connection, queries);
        }

        return writerCommands;
    }

    private static async Task<long?> StoredSeqAsync(PreparedCommand select, string topic, MessageDraft draft, CancellationToken cancellationToken)
    {
        var reader = await select.Set(0, topic).Set(1, draft.From).Set(2, draft.IdempotencyKey).ReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var seq = reader.GetInt64(0);
            var ts = reader.GetInt64(1);
            return ts >= UnixTime.ToMs(draft.IdempotentSince) ? seq : null;
        }
    }

    private async Task InsertAsync(PreparedCommand insert, string topic, IReadOnlyList<MessageDraft> fresh, long first, CancellationToken cancellationToken)
    {
        if (queries.InsertsArrays)
        {
            var fromUsers = new long[fresh.Count];
            var timestamps = new long[fresh.Count];
            var heads = new string?[fresh.Count];
            var contents = new string[fresh.Count];
            for (var i = 0; i < fresh.Count; i++)
            {
                fromUsers[i] = fresh[i].From;
                timestamps[i] = UnixTime.ToMs(fresh[i].Ts);
                heads[i] = fresh[i].Head;
                contents[i] = fresh[i].Content;
            }

            await insert.Set(0, topic).Set(1, first).Set(2, fromUsers).Set(3, timestamps).Set(4, heads).Set(5, contents)
                .NonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        insert.Set(0, topic);
        for (var i = 0; i < fresh.Count; i++)
        {
            var draft = fresh[i];
            await insert.Set(1, first + i).Set(2, draft.From).Set(3, UnixTime.ToMs(draft.Ts)).Set(4, draft.Head).Set(5, draft.Content)
                .NonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
