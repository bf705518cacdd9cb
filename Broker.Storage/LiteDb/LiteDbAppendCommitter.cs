using System.Threading.Channels;
using LiteDB;

namespace Broker.Storage.LiteDb;

/// <summary>
/// Group commit across topics, as the SQLite backend does it. LiteDB locks a whole collection for writing, and every
/// append writes the same three collections, so appends of different topics could never commit side by side anyway;
/// and each commit costs one fsync of the log. Appends queue here; one loop takes everything queued (up to
/// the configured maximum), runs the appends one after the other inside one transaction and commits (and fsyncs)
/// once. LiteDB has no savepoints: an append to a missing topic is found before it writes anything and fails alone;
/// any other failure rolls the shared transaction back whole, and its appends are then retried one transaction
/// each, so that only the faulty one fails. The queue is bounded: when it is full, callers wait for room.
/// </summary>
internal sealed class LiteDbAppendCommitter
{
    public const int MaxAppendsPerCommit = 1024;
    private const int QueueCapacity = 8192;

    private readonly LiteDbDatabase database;
    private readonly Func<LiteDatabase, string, long?, IReadOnlyList<MessageDraft>, AppendResult?> append;
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
    /// <param name="append">
    /// Runs one append (fenced by the epoch, when given) inside the open transaction and returns its outcome, or null
    /// without writing when the topic does not exist; throws <see cref="StaleTopicEpochException"/> without writing
    /// when the epoch is stale.
    /// </param>
    /// <param name="maxAppendsPerCommit">How many appends may share one transaction.</param>
    public LiteDbAppendCommitter(LiteDbDatabase database, Func<LiteDatabase, string, long?, IReadOnlyList<MessageDraft>, AppendResult?> append, int maxAppendsPerCommit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAppendsPerCommit, 1);
        this.database = database;
        this.append = append;
        this.maxAppendsPerCommit = maxAppendsPerCommit;
    }

    /// <summary>Transactions committed so far (each carrying one or more appends).</summary>
    public long Commits => Interlocked.Read(ref commits);

    public async Task<AppendResult> AppendAsync(string topic, long? epoch, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            _ = Task.Run(CommitLoopAsync, CancellationToken.None);
        }

        var pending = new PendingAppend(topic, epoch, batch, cancellationToken);
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
                pending.Result.TrySetResult(pending.Outcome!);
            }
        }
    }

    private bool RunAll(LiteDatabase db)
    {
        foreach (var pending in taken)
        {
            try
            {
                pending.Outcome = append(db, pending.Topic, pending.Epoch, pending.Batch);
                pending.Error = pending.Outcome is null ? TopicMissing(pending.Topic) : null;
            }
            catch (StaleTopicEpochException stale)
            {
                // Found before anything was written: it fails alone, like a missing topic.
                pending.Error = stale;
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
                var outcome = await database.WriteAsync(db => append(db, pending.Topic, pending.Epoch, pending.Batch), CancellationToken.None).ConfigureAwait(false)
                    ?? throw TopicMissing(pending.Topic);
                Interlocked.Increment(ref commits);
                pending.Result.TrySetResult(outcome);
            }
            catch (Exception ex)
            {
                pending.Result.TrySetException(ex);
            }
        }
    }

    private static InvalidOperationException TopicMissing(string topic) => new($"topic {topic} does not exist");

    private sealed class PendingAppend(string topic, long? epoch, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        public string Topic { get; } = topic;

        public long? Epoch { get; } = epoch;

        public IReadOnlyList<MessageDraft> Batch { get; } = batch;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<AppendResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AppendResult? Outcome { get; set; }

        public Exception? Error { get; set; }
    }
}
