using System.Threading.Channels;
using LiteDB;

namespace Broker.Storage.LiteDb;

/// <summary>
/// Group commit across topics, as the SQLite backend does it. LiteDB locks a whole collection for writing, and every
/// append writes the same three collections, so appends of different topics could never commit side by side anyway;
/// and each commit costs one fsync of the log. Appends queue here; one loop takes everything queued (up to
/// the configured maximum), runs the appends one after the other inside one transaction and commits (and fsyncs)
/// once. LiteDB has no savepoints, so an append that would fail for its own reason fails before it writes: its
/// drafts are copied before the transaction and a missing topic is found before any write. If the shared
/// transaction fails anyway, it is rolled back whole and its appends are retried one transaction each, so that only
/// the faulty one fails. The queue is bounded: when it is full, callers wait for room.
/// </summary>
internal sealed class LiteDbAppendCommitter
{
    public const int MaxAppendsPerCommit = 1024;
    private const int QueueCapacity = 8192;

    private readonly LiteDbDatabase database;
    private readonly Func<LiteDatabase, string, MessageDraft[], long> append;
    private readonly int maxAppendsPerCommit;
    private readonly Channel<PendingAppend> queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly List<PendingAppend> taken = new(MaxAppendsPerCommit);
    private int started;
    private long commits;

    /// <param name="database">The database every commit goes through.</param>
    /// <param name="append">Runs one append inside the open transaction and returns its first seq.</param>
    /// <param name="maxAppendsPerCommit">How many appends may share one transaction.</param>
    public LiteDbAppendCommitter(LiteDbDatabase database, Func<LiteDatabase, string, MessageDraft[], long> append, int maxAppendsPerCommit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAppendsPerCommit, 1);
        this.database = database;
        this.append = append;
        this.maxAppendsPerCommit = maxAppendsPerCommit;
    }

    /// <summary>Transactions committed so far (each carrying one or more appends).</summary>
    public long Commits => Interlocked.Read(ref commits);

    public async Task<long> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        // Copied here, outside the transaction: a batch that cannot be read fails alone, before anything is written.
        var drafts = batch.ToArray();
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            _ = Task.Run(CommitLoopAsync, CancellationToken.None);
        }

        var pending = new PendingAppend(topic, drafts, cancellationToken);
        try
        {
            await queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(LiteDbDatabase));
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
            var closed = new ObjectDisposedException(nameof(LiteDbDatabase));
            while (reader.TryRead(out var pending))
            {
                pending.Result.TrySetException(closed);
            }
        }
    }

    private async Task CommitQueuedAsync(ChannelReader<PendingAppend> reader)
    {
        taken.Clear();
        while (taken.Count < maxAppendsPerCommit && reader.TryRead(out var pending))
        {
            if (pending.CancellationToken.IsCancellationRequested)
            {
                pending.Result.TrySetCanceled(pending.CancellationToken);
                continue;
            }

            taken.Add(pending);
        }

        if (taken.Count == 0)
        {
            return;
        }

        try
        {
            await database.WriteAsync(RunAll, CancellationToken.None).ConfigureAwait(false);
            Interlocked.Increment(ref commits);
        }
        catch (Exception) when (taken.Count > 1)
        {
            await CommitOneByOneAsync().ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            taken[0].Result.TrySetException(ex);
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

    private bool RunAll(LiteDatabase db)
    {
        foreach (var pending in taken)
        {
            pending.Error = null;
            try
            {
                pending.First = append(db, pending.Topic, pending.Batch);
            }
            catch (InvalidOperationException ex) when (taken.Count > 1)
            {
                // Thrown before the append wrote anything (its topic is gone): the others go on.
                pending.Error = ex;
            }
        }

        return true;
    }

    private async Task CommitOneByOneAsync()
    {
        foreach (var pending in taken)
        {
            try
            {
                var first = await database.WriteAsync(db => append(db, pending.Topic, pending.Batch), CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref commits);
                pending.Result.TrySetResult(first);
            }
            catch (Exception ex)
            {
                pending.Result.TrySetException(ex);
            }
        }
    }

    private sealed class PendingAppend(string topic, MessageDraft[] batch, CancellationToken cancellationToken)
    {
        public string Topic { get; } = topic;

        public MessageDraft[] Batch { get; } = batch;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<long> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long First { get; set; }

        public Exception? Error { get; set; }
    }
}
