using Broker.Storage.Relational;
using System.Data.Common;
using Npgsql;

namespace Broker.Storage.Postgres;

/// <summary>The pooled data source of one PostgreSQL database (and optional schema).</summary>
internal sealed class PostgresDatabase(NpgsqlDataSource dataSource, string? schema) : IRelationalDatabase, IAsyncDisposable
{
    public string? Schema { get; } = schema;

    /// <summary>
    /// Runs <paramref name="work"/> inside one transaction, committed when it returns and rolled back when it throws.
    /// Unique key violations become <see cref="DuplicateKeyException"/>.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var result = await work(connection, transaction).ConfigureAwait(false);

                    // Not cancellable: a commit cancelled midway would leave the caller unsure whether it happened.
                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    return result;
                }
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new DuplicateKeyException(ex.MessageText, ex);
        }
    }

    public Task WriteAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken cancellationToken)
    {
        return WriteAsync(
            async (connection, transaction) =>
            {
                await work(connection, transaction).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await work(connection).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    Task<T> IRelationalDatabase.ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken) =>
        ReadAsync<T>(connection => work(connection), cancellationToken);

    Task IRelationalDatabase.WriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => work(connection, transaction), cancellationToken);

    Task<T> IRelationalDatabase.WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync<T>((connection, transaction) => work(connection, transaction), cancellationToken);
}
