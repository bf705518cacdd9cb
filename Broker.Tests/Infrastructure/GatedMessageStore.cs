using Broker.Storage;

namespace Broker.Tests.Infrastructure;

/// <summary>
/// Wraps a message store so a test can hold appends at a gate: while <see cref="Close"/>d, <c>AppendAsync</c> signals
/// <see cref="Entered"/> and waits, which keeps the topic actor busy with its batch.
/// </summary>
public sealed class GatedMessageStore(IMessageStore inner) : IMessageStore
{
    private TaskCompletionSource? gate;

    public TaskCompletionSource Entered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Close()
    {
        Entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Open() => Interlocked.Exchange(ref gate, null)?.TrySetResult();

    public async Task<AppendResult> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        await PassGateAsync(cancellationToken);
        return await inner.AppendAsync(topic, batch, cancellationToken);
    }

    public async Task<AppendResult> AppendFencedAsync(string topic, long epoch, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        await PassGateAsync(cancellationToken);
        return await inner.AppendFencedAsync(topic, epoch, batch, cancellationToken);
    }

    private async Task PassGateAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref gate) is { } closed)
        {
            Entered.TrySetResult();
            await closed.Task.WaitAsync(cancellationToken);
        }
    }

    public Task<bool> ReplaceHeadAsync(string topic, long seq, string? head, TopicFence? fence, CancellationToken cancellationToken) =>
        inner.ReplaceHeadAsync(topic, seq, head, fence, cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> QueryAsync(string topic, long forUser, MessageQuery query, CancellationToken cancellationToken) =>
        inner.QueryAsync(topic, forUser, query, cancellationToken);

    public Task<long> DeleteAsync(string topic, long? forUser, IReadOnlyList<SeqRange> ranges, TopicFence? fence, CancellationToken cancellationToken) =>
        inner.DeleteAsync(topic, forUser, ranges, fence, cancellationToken);

    public Task<IReadOnlyList<DeletionRecord>> GetDeletionsAsync(string topic, long forUser, long since, long before, int limit, CancellationToken cancellationToken) =>
        inner.GetDeletionsAsync(topic, forUser, since, before, limit, cancellationToken);
}
