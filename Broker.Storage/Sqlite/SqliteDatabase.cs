using Broker.Storage.Relational;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Broker.Storage.Sqlite;

/// <summary>
/// One SQLite file: a single writer connection through which every write is serialized (SQLite allows one writer
/// at a time; queuing on a semaphore is cheaper than retrying on SQLITE_BUSY), and pooled reader connections, which
/// WAL mode lets run alongside the writer.
/// </summary>
internal sealed class SqliteDatabase : IRelationalDatabase, IAsyncDisposable
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly SqliteConnection writer;
    private readonly string readerConnectionString;
    private readonly CancellationTokenSource closing = new();
    private bool disposed;

    public SqliteDatabase(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        };
        readerConnectionString = builder.ToString();

        // The writer stays open for the life of the backend, so it needs no pool (and must not share the readers').
        builder.Pooling = false;
        writer = new SqliteConnection(builder.ToString());
        try
        {
            writer.Open();
            using var configure = writer.CreateCommand();
            configure.CommandText = SqliteQueries.ConfigureWriter;
            configure.ExecuteNonQuery();
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Cancelled when the database is disposed; background writers stop on it.</summary>
    public CancellationToken Closing => closing.Token;

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection inside one immediate transaction, committed when it
    /// returns and rolled back when it throws. Unique key violations become <see cref="DuplicateKeyException"/>.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            using var transaction = writer.BeginTransaction(deferred: false);
            var result = await work(writer, transaction).ConfigureAwait(false);
            transaction.Commit();
            return result;
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode is SqliteConstraintPrimaryKey or SqliteConstraintUnique)
        {
            throw new DuplicateKeyException(ex.Message, ex);
        }
        finally
        {
            writeGate.Release();
        }
    }

    public Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken cancellationToken)
    {
        return WriteAsync(
            async (connection, transaction) =>
            {
                await work(connection, transaction).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on a pooled read-only connection; it sees the last committed state.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var connection = new SqliteConnection(readerConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var configure = connection.CreateCommand();
            await using (configure.ConfigureAwait(false))
            {
                configure.CommandText = SqliteQueries.ConfigureReader;
                await configure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return await work(connection).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Copies the database as of one moment to <paramref name="destinationPath"/> (which must not exist) with SQLite's
    /// online backup, from a connection of its own: in WAL mode the copy reads one snapshot while the writer goes on
    /// committing. The copy is written beside the destination first and renamed when complete, and is left in
    /// rollback-journal mode so that it is one self-contained file.
    /// </summary>
    public async Task BackupAsync(string destinationPath, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var destination = Path.GetFullPath(destinationPath);
        if (File.Exists(destination))
        {
            throw new IOException($"{Path.GetFileName(destination)} already exists");
        }

        var folder = Path.GetDirectoryName(destination);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var partial = destination + ".partial";
        File.Delete(partial);
        var target = new SqliteConnectionStringBuilder { DataSource = partial, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        try
        {
            await Task.Run(
                () =>
                {
                    using var source = new SqliteConnection(readerConnectionString);
                    source.Open();
                    using var copy = new SqliteConnection(target);
                    copy.Open();
                    source.BackupDatabase(copy);
                    using var journal = copy.CreateCommand();
                    journal.CommandText = SqliteQueries.RollbackJournal;
                    journal.ExecuteNonQuery();
                },
                cancellationToken).ConfigureAwait(false);
            File.Move(partial, destination);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            await closing.CancelAsync().ConfigureAwait(false);
            await writer.DisposeAsync().ConfigureAwait(false);
            using var reader = new SqliteConnection(readerConnectionString);
            SqliteConnection.ClearPool(reader);
        }
        finally
        {
            writeGate.Release();
        }
    }

    Task<T> IRelationalDatabase.ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken) =>
        ReadAsync<T>(connection => work(connection), cancellationToken);

    Task IRelationalDatabase.WriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => work(connection, transaction), cancellationToken);

    Task<T> IRelationalDatabase.WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync<T>((connection, transaction) => work(connection, transaction), cancellationToken);
}
