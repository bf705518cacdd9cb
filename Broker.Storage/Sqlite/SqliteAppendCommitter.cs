using System.Threading.Channels;
using Broker.Storage.Relational;
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
internal sealed class SqliteAppendCommitter(SqliteDatabase database) : IAppendScheduler
{
    public const int MaxAppendsPerCommit = 1024;
    private const int QueueCapacity = 8192;

    private readonly Channel<PendingAppend> queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly List<PendingAppend> taken = new(MaxAppendsPerCommit);
    private int started;
    private long commits;

    /// <summary>Transactions committed so far (each carrying one or more appends).</summary>
    public long Commits => Interlocked.Read(ref commits);

    public async Task<AppendResult> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, AppendWork work, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref started, 1) == 0)
        {
            _ = Task.Run(CommitLoopAsync, CancellationToken.None);
        }

        var pending = new PendingAppend(topic, batch, work, cancellationToken);
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
            await database.WriteAsync(RunAllAsync, CancellationToken.None).ConfigureAwait(false);
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
                pending.Result.TrySetResult(pending.Appended!);
            }
        }
    }

    // Microsoft.Data.Sqlite runs its async calls synchronously, so awaiting here does not give the writer away.
    // The appends' own cancellation is not passed on: once taken, an append is part of a shared commit.
    private async Task RunAllAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        if (taken.Count == 1)
        {
            var only = taken[0];
            only.Appended = await only.Work(connection, transaction, only.Topic, only.Batch, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        foreach (var pending in taken)
        {
            transaction.Save("append");
            try
            {
                pending.Appended = await pending.Work(connection, transaction, pending.Topic, pending.Batch, CancellationToken.None).ConfigureAwait(false);
                transaction.Release("append");
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
            {
                transaction.Rollback("append");
                transaction.Release("append");
                pending.Error = ex;
            }
        }
    }

    private sealed class PendingAppend(string topic, IReadOnlyList<MessageDraft> batch, AppendWork work, CancellationToken cancellationToken)
    {
        public string Topic { get; } = topic;

        public IReadOnlyList<MessageDraft> Batch { get; } = batch;

        public AppendWork Work { get; } = work;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<AppendResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AppendResult? Appended { get; set; }

        public Exception? Error { get; set; }
    }
}
