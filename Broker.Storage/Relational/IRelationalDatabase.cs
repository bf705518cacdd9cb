using System.Data.Common;

namespace Broker.Storage.Relational;

/// <summary>What the dialect-neutral stores need of a backend's database: reads, and writes in one transaction.</summary>
internal interface IRelationalDatabase
{
    Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken);

    Task WriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken);

    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);
}
