using Broker.Storage.Relational;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Broker.Storage.Sqlite;

internal sealed class SqliteMessageStore : IMessageStore
{
    private readonly SqliteDatabase database;
    private readonly SqliteAppendCommitter committer;

    // The append hot path reuses two commands on the writer connection, so SQLite prepares each statement once
    // (Dapper would build a command and bind parameters per row). Only touched under the writer gate.
    private SqliteCommand? advanceSeq;
    private SqliteCommand? insertMessage;
    private SqliteCommand? raiseSenderMarkers;

    public SqliteMessageStore(SqliteDatabase database)
    {
        this.database = database;
        committer = new SqliteAppendCommitter(database, Append);
    }

    /// <summary>The cross-topic group commit every non-empty append goes through.</summary>
    internal SqliteAppendCommitter Committer => committer;

    public async Task<long> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            var last = await database.ReadAsync(
                connection => connection.ExecuteScalarAsync<long?>(new CommandDefinition(SqliteQueries.SelectTopicSeq, new { Topic = topic }, cancellationToken: cancellationToken)),
                cancellationToken).ConfigureAwait(false);
            return (last ?? throw TopicMissing(topic)) + 1;
        }

        return await committer.AppendAsync(topic, batch, cancellationToken).ConfigureAwait(false);
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
                        SqliteQueries.SelectMessages,
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
                var delId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(SqliteQueries.AdvanceDelId, new { Topic = topic }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)
                    ?? throw TopicMissing(topic);
                var rows = ranges.Select(r => new { Topic = topic, DelId = delId, ForUser = forUser, r.Low, r.Hi }).ToList();
                await connection.ExecuteAsync(new CommandDefinition(SqliteQueries.InsertDeletionRange, rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (forUser is null)
                {
                    await connection.ExecuteAsync(new CommandDefinition(SqliteQueries.HardDeleteRange, rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
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
                SqliteQueries.SelectDeletions,
                new { Topic = topic, ForUser = forUser, Since = since, Before = before > 0 ? before : long.MaxValue, Limit = limit },
                cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return DeletionRangeRow.Group(topic, rows);
    }

    private static InvalidOperationException TopicMissing(string topic) => new($"topic {topic} does not exist");

    private long Append(SqliteConnection connection, SqliteTransaction transaction, string topic, IReadOnlyList<MessageDraft> batch)
    {
        var advance = advanceSeq ??= Prepare(connection, SqliteQueries.AdvanceSeq, "@Count", "@Touched", "@Topic");
        advance.Transaction = transaction;
        advance.Parameters[0].Value = batch.Count;
        advance.Parameters[1].Value = UnixTime.ToMs(batch[^1].Ts);
        advance.Parameters[2].Value = topic;
        var last = advance.ExecuteScalar() as long? ?? throw TopicMissing(topic);
        var first = last - batch.Count + 1;

        var insert = insertMessage ??= Prepare(connection, SqliteQueries.InsertMessage, "@Topic", "@Seq", "@From", "@Ts", "@Head", "@Content");
        insert.Transaction = transaction;
        var parameters = insert.Parameters;
        parameters[0].Value = topic;
        for (var i = 0; i < batch.Count; i++)
        {
            var draft = batch[i];
            parameters[1].Value = first + i;
            parameters[2].Value = draft.From;
            parameters[3].Value = UnixTime.ToMs(draft.Ts);
            parameters[4].Value = (object?)draft.Head ?? DBNull.Value;
            parameters[5].Value = draft.Content;
            insert.ExecuteNonQuery();
        }

        var raise = raiseSenderMarkers ??= Prepare(connection, SqliteQueries.RaiseSenderMarkers, "@Seq", "@Topic", "@From");
        raise.Transaction = transaction;
        raise.Parameters[1].Value = topic;
        foreach (var (from, lastSeq) in SenderMarkers.LastSeqs(batch, first))
        {
            raise.Parameters[0].Value = lastSeq;
            raise.Parameters[2].Value = from;
            raise.ExecuteNonQuery();
        }

        return first;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
