using System.Data.Common;

namespace Broker.Storage.Relational;

/// <summary>Runs one append's work inside a write transaction (on its connection) and answers its result.</summary>
internal delegate Task<AppendResult> AppendWork(DbConnection connection, DbTransaction transaction, string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken);

/// <summary>
/// How a backend gives appends their transactions: SQLite queues them for its cross-topic group commit
/// (<see cref="Sqlite.SqliteAppendCommitter"/>), PostgreSQL gives each its own (<see cref="TransactionPerAppend"/>).
/// </summary>
internal interface IAppendScheduler
{
    Task<AppendResult> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, AppendWork work, CancellationToken cancellationToken);
}
