using System.Data.Common;

namespace Broker.Storage.Relational;

/// <summary>One statement with positional parameters, prepared on its first execution and reusable after.</summary>
internal sealed class PreparedCommand : IAsyncDisposable
{
    private readonly DbCommand command;
    private bool prepared;

    public PreparedCommand(DbConnection connection, string sql, ReadOnlySpan<string> parameterNames)
    {
        command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
    }

    public DbConnection? Connection => command.Connection;

    /// <summary>Binds the transaction and returns this command, to bind its values with <see cref="Set"/>.</summary>
    public PreparedCommand In(DbTransaction transaction)
    {
        command.Transaction = transaction;
        return this;
    }

    public PreparedCommand Set(int index, object? value)
    {
        command.Parameters[index].Value = value ?? DBNull.Value;
        return this;
    }

    public async Task<object?> ScalarAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    public async Task<int> NonQueryAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<DbDataReader> ReaderAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken).ConfigureAwait(false);
        return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();

    // After the first values are bound, so a server that types parameters (PostgreSQL) sees their types.
    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (!prepared)
        {
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            prepared = true;
        }
    }
}
