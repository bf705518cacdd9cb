using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Broker.Storage.Sqlite;

/// <summary>
/// Group commit across topics. Every topic actor already batches its own publishes into one append, but a thousand
/// busy topics would still mean a thousand transactions, each waiting for its own fsync on the single writer. Appends
/// queue here instead; one loop takes everything queued (up to <see cref="MaxAppendsPerCommit"/>), runs each append
/// under its own savepoint inside one transaction, and commits once, so the fsync is shared by all of them.
/// A failing append (e.g. its topic is gone) is rolled back to its savepoint and fails alone; a failing commit
/// fails every append in it, and nothing of them is stored.
/// The queue is bounded: when it is full, callers wait for room (topic actors then queue in their own bounded
/// inboxes, which answer 503 when full).
/// </summary>
internal sealed class SqliteAppendCommitter
{
    public const int MaxAppendsPerCommit = 1024;
    private const int QueueCapacity = 8192;

    private readonly SqliteDatabase database;
    private readonly Func<SqliteConnection, SqliteTransaction, string, IReadOnlyList<MessageDraft>, long> append;
    private readonly Channel<PendingAppend> queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly List<PendingAppend> taken = new(MaxAppendsPerCommit);
    private int started;
    private long commits;

    /// <param name="database">The writer every commit goes through.</param>
    /// <param name="append">Runs one append on the writer inside the given transaction and returns its first seq.</param>
    public SqliteAppendCommitter(SqliteDatabase database, Func<SqliteConnection, SqliteTransaction, string, IReadOnlyList<MessageDraft>, long> append)
    {
        this.database = database;
        this.append = append;
    }

    /// <summary>Transactions committed so far (each carrying one or more appends).</summary>
    public long Commits => Interlocked.Read(ref commits);

    public async Task<long> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            _ = Task.Run(CommitLoopAsync, CancellationToken.None);
        }

        var pending = new PendingAppend(topic, batch, cancellationToken);
        try
        {
            await queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(SqliteDatabase));
        }

        return await pending.Result.Task.ConfigureAwait(false);
    }

    private async Task CommitLoopAsync()
    {
        var reader = queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(database.Closing).ConfigureAwait(false))
            {
                await CommitQueuedAsync(reader).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            queue.Writer.TryComplete();
            var closed = new ObjectDisposedException(nameof(SqliteDatabase));
            while (reader.TryRead(out var pending))
            {
                pending.Result.TrySetException(closed);
            }
        }
    }

    private async Task CommitQueuedAsync(ChannelReader<PendingAppend> reader)
    {
        taken.Clear();
        while (taken.Count < MaxAppendsPerCommit && reader.TryRead(out var pending))
        {
            if (pending.CancellationToken.IsCancellationRequested)
            {
                pending.Result.TrySetCanceled(pending.CancellationToken);
                continue;
            }

            taken.Add(pending);
        }

        if (taken.Count > 0)
        {
            await CommitAsync().ConfigureAwait(false);
        }
    }

    private async Task CommitAsync()
    {
        try
        {
            await database.WriteAsync((connection, transaction) => Task.FromResult(RunAll(connection, transaction)), CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref commits);
        }
        catch (Exception ex)
        {
            foreach (var pending in taken)
            {
                pending.Result.TrySetException(ex);
            }

            return;
        }

        foreach (var pending in taken)
        {
            if (pending.Error is { } error)
            {
                pending.Result.TrySetException(error);
            }
            else
            {
                pending.Result.TrySetResult(pending.First);
            }
        }
    }

    private bool RunAll(SqliteConnection connection, SqliteTransaction transaction)
    {
        if (taken.Count == 1)
        {
            taken[0].First = append(connection, transaction, taken[0].Topic, taken[0].Batch);
            return true;
        }

        foreach (var pending in taken)
        {
            transaction.Save("append");
            try
            {
                pending.First = append(connection, transaction, pending.Topic, pending.Batch);
                transaction.Release("append");
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
            {
                transaction.Rollback("append");
                transaction.Release("append");
                pending.Error = ex;
            }
        }

        return true;
    }

    private sealed class PendingAppend(string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        public string Topic { get; } = topic;

        public IReadOnlyList<MessageDraft> Batch { get; } = batch;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<long> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long First { get; set; }

        public Exception? Error { get; set; }
    }
}
