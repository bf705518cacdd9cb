namespace Broker.Storage.Relational;

/// <summary>Each append in a write transaction of its own (PostgreSQL: pooled connections, concurrent transactions).</summary>
internal sealed class TransactionPerAppend(IRelationalDatabase database) : IAppendScheduler
{
    public Task<AppendResult> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, AppendWork work, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => work(connection, transaction, topic, batch, cancellationToken), cancellationToken);
}
