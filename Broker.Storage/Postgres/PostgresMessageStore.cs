using Broker.Storage.Relational;
using Dapper;
using Npgsql;

namespace Broker.Storage.Postgres;

internal sealed class PostgresMessageStore(PostgresDatabase database) : IMessageStore
{
    /// <summary>
    /// Reserves the seqs with <c>UPDATE … RETURNING</c>, whose row lock makes concurrent appends to one topic (from
    /// this node or another sharing the database) wait for each other, then inserts the batch in one statement.
    /// </summary>
    public async Task<long> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            var last = await database.ReadAsync(
                connection => connection.ExecuteScalarAsync<long?>(new CommandDefinition(PostgresQueries.SelectTopicSeq, new { Topic = topic }, cancellationToken: cancellationToken)),
                cancellationToken).ConfigureAwait(false);
            return (last ?? throw TopicMissing(topic)) + 1;
        }

        return await database.WriteAsync(
            async (connection, transaction) =>
            {
                long first;
                var advance = new NpgsqlCommand(PostgresQueries.AdvanceSeq, connection, transaction);
                await using (advance.ConfigureAwait(false))
                {
                    advance.Parameters.Add(new NpgsqlParameter<long>("Count", batch.Count));
                    advance.Parameters.Add(new NpgsqlParameter<long>("Touched", UnixTime.ToMs(batch[^1].Ts)));
                    advance.Parameters.Add(new NpgsqlParameter<string>("Topic", topic));
                    await advance.PrepareAsync(cancellationToken).ConfigureAwait(false);
                    var last = await advance.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long? ?? throw TopicMissing(topic);
                    first = last - batch.Count + 1;
                }

                var fromUsers = new long[batch.Count];
                var timestamps = new long[batch.Count];
                var heads = new string?[batch.Count];
                var contents = new string[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    var draft = batch[i];
                    fromUsers[i] = draft.From;
                    timestamps[i] = UnixTime.ToMs(draft.Ts);
                    heads[i] = draft.Head;
                    contents[i] = draft.Content;
                }

                var insert = new NpgsqlCommand(PostgresQueries.InsertMessages, connection, transaction);
                await using (insert.ConfigureAwait(false))
                {
                    insert.Parameters.Add(new NpgsqlParameter<string>("Topic", topic));
                    insert.Parameters.Add(new NpgsqlParameter<long>("First", first));
                    insert.Parameters.Add(new NpgsqlParameter<long[]>("FromUsers", fromUsers));
                    insert.Parameters.Add(new NpgsqlParameter<long[]>("Timestamps", timestamps));
                    insert.Parameters.Add(new NpgsqlParameter<string?[]>("Heads", heads));
                    insert.Parameters.Add(new NpgsqlParameter<string[]>("Contents", contents));
                    await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                foreach (var (from, lastSeq) in SenderMarkers.LastSeqs(batch, first))
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        PostgresQueries.RaiseSenderMarkers, new { Seq = lastSeq, Topic = topic, From = from }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                return first;
            },
            cancellationToken).ConfigureAwait(false);
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
                        PostgresQueries.SelectMessages,
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

    public Task<long> DeleteAsync(string topic, long? forUser, IReadOnlyList<SeqRange> ranges, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(ranges.Count, nameof(ranges));
        return database.WriteAsync(
            async (connection, transaction) =>
            {
                var delId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(PostgresQueries.AdvanceDelId, new { Topic = topic }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)
                    ?? throw TopicMissing(topic);
                var rows = ranges.Select(r => new { Topic = topic, DelId = delId, ForUser = forUser, r.Low, r.Hi }).ToList();
                await connection.ExecuteAsync(new CommandDefinition(PostgresQueries.InsertDeletionRange, rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (forUser is null)
                {
                    await connection.ExecuteAsync(new CommandDefinition(PostgresQueries.HardDeleteRange, rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
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
                PostgresQueries.SelectDeletions,
                new { Topic = topic, ForUser = forUser, Since = since, Before = before > 0 ? before : long.MaxValue, Limit = limit },
                cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return DeletionRangeRow.Group(topic, rows);
    }

    private static InvalidOperationException TopicMissing(string topic) => new($"topic {topic} does not exist");
}
