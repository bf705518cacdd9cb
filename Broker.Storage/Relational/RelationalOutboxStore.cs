using Dapper;

namespace Broker.Storage.Relational;

/// <summary>The outbox on SQLite and PostgreSQL alike: the dialects differ only in their SQL.</summary>
internal sealed class RelationalOutboxStore(IRelationalDatabase database, OutboxQueries queries) : IOutboxStore
{
    public async Task<IReadOnlyList<OutboxEntry>> GetDueAsync(DateTime now, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        var rows = await database.ReadAsync(
            connection => connection.QueryAsync<OutboxRow>(new CommandDefinition(
                queries.SelectDue, new { Now = UnixTime.ToMs(now), Limit = limit }, cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEntry())];
    }

    public Task CompleteAsync(string topic, long seq, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                queries.Complete, new { Topic = topic, Seq = seq }, transaction, cancellationToken: cancellationToken)),
            cancellationToken);
    }

    public Task RescheduleAsync(string topic, long seq, int attempts, DateTime dueAt, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                queries.Reschedule, new { Topic = topic, Seq = seq, Attempts = attempts, DueAt = UnixTime.ToMs(dueAt) }, transaction, cancellationToken: cancellationToken)),
            cancellationToken);
    }
}
