using LiteDB;
using LiteDB.Engine;

namespace Broker.Storage.LiteDb;

/// <summary>
/// One LiteDB data file and its log (journal), opened with ordinal string ordering (topic names are case-sensitive;
/// LiteDB's default collation ignores case). Every write runs in one explicit transaction through a single gate,
/// committed and then fsynced before it returns (LiteDB transactions belong to the thread that began them, so the
/// work inside is synchronous). Reads run alongside on LiteDB's snapshots and see the last committed state.
/// </summary>
internal sealed class LiteDbDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly SyncedFileStream data;
    private readonly SyncedFileStream log;
    private readonly LiteDatabase database;
    private readonly CancellationTokenSource closing = new();
    private bool disposed;

    public LiteDbDatabase(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        LogPath = LiteDbCollections.LogFileOf(fullPath);
        data = SyncedFileStream.Open(fullPath);
        SyncedFileStream? openedLog = null;
        try
        {
            openedLog = SyncedFileStream.Open(LogPath);
            var engine = new LiteEngine(new EngineSettings { DataStream = data, LogStream = openedLog, Collation = Collation.Binary });
            database = new LiteDatabase(engine, mapper: null, disposeOnClose: true);
            log = openedLog;
        }
        catch
        {
            openedLog?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>The journal beside the data file (LiteDB's own naming: <c>name-log.ext</c>).</summary>
    public string LogPath { get; }

    /// <summary>How many times the journal was fsynced (once per committed write transaction).</summary>
    public long JournalSyncs => log.Syncs;

    /// <summary>Cancelled when the database is disposed; background writers stop on it.</summary>
    public CancellationToken Closing => closing.Token;

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, committed (and fsynced) when it returns and rolled back when
    /// it throws. Unique key violations become <see cref="DuplicateKeyException"/>.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<LiteDatabase, T> work, CancellationToken cancellationToken)
    {
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return RunInTransaction(work);
        }
        finally
        {
            writeGate.Release();
        }
    }

    public Task WriteAsync(Action<LiteDatabase> work, CancellationToken cancellationToken)
    {
        return WriteAsync(
            db =>
            {
                work(db);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> on the caller's thread outside any write transaction.</summary>
    public T Read<T>(Func<LiteDatabase, T> work)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return work(database);
    }

    /// <summary>
    /// Copies the database as of now to <paramref name="destinationPath"/>, which must not exist. Writes wait
    /// meanwhile (reads go on): a checkpoint first moves every committed page from the log into the data file
    /// (LiteDB waits for open read transactions to end for it), so the data file alone is then a consistent
    /// database, and it does not change until the gate opens. The copy is written beside the destination, fsynced
    /// and renamed when complete.
    /// </summary>
    public async Task BackupAsync(string destinationPath, CancellationToken cancellationToken)
    {
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
        await writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            database.Checkpoint();
            var target = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            await using (target.ConfigureAwait(false))
            {
                var buffer = new byte[1 << 20];
                var length = data.Length;
                for (long offset = 0; offset < length;)
                {
                    var read = data.ReadAt(offset, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)));
                    if (read == 0)
                    {
                        break;
                    }

                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    offset += read;
                }

                target.Flush(flushToDisk: true);
            }

            File.Move(partial, destination);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
        finally
        {
            writeGate.Release();
        }
    }

    private T RunInTransaction<T>(Func<LiteDatabase, T> work)
    {
        if (!database.BeginTrans())
        {
            throw new InvalidOperationException("a LiteDB transaction is already open on this thread");
        }

        T result;
        try
        {
            result = work(database);
            database.Commit();
        }
        catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            // LiteDB has already rolled the transaction back when one of its own operations threw.
            database.Rollback();
            throw new DuplicateKeyException(ex.Message, ex);
        }
        catch
        {
            database.Rollback();
            throw;
        }

        log.Sync();
        return result;
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

            // Closing the engine checkpoints the log into the data file (and fsyncs it through the data stream).
            database.Dispose();
            var logEmpty = log.Length == 0;
            await log.DisposeAsync().ConfigureAwait(false);
            await data.DisposeAsync().ConfigureAwait(false);
            if (logEmpty)
            {
                File.Delete(LogPath);
            }
        }
        finally
        {
            writeGate.Release();
        }
    }
}
