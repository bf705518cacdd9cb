namespace Broker.Storage.Testing;

/// <summary>
/// Wraps a message store and makes the next N appends fail (<see cref="FailNextAppends"/>), to prove that a failed
/// append stores nothing and leaves the topic's seq as it was. Everything else is passed through.
/// </summary>
internal sealed class FaultInjectingMessageStore(IMessageStore inner) : IMessageStore
{
    private readonly Lock gate = new();
    private int pending;
    private AppendFault fault;
    private int injected;

    /// <summary>How many appends have been made to fail so far.</summary>
    public int InjectedFailures
    {
        get
        {
            lock (gate)
            {
                return injected;
            }
        }
    }

    public void FailNextAppends(int count, AppendFault where = AppendFault.BeforeStore)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (gate)
        {
            pending = count;
            fault = where;
        }
    }

    public Task<AppendResult> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken) =>
        Take() switch
        {
            null => inner.AppendAsync(topic, batch, cancellationToken),
            AppendFault.MidBatch => inner.AppendAsync(topic, new FaultingBatch(batch), cancellationToken),
            _ => Task.FromException<AppendResult>(new InjectedFaultException($"injected fault before appending to {topic}")),
        };

    public Task<AppendResult> AppendFencedAsync(string topic, long epoch, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken) =>
        Take() switch
        {
            null => inner.AppendFencedAsync(topic, epoch, batch, cancellationToken),
            AppendFault.MidBatch => inner.AppendFencedAsync(topic, epoch, new FaultingBatch(batch), cancellationToken),
            _ => Task.FromException<AppendResult>(new InjectedFaultException($"injected fault before appending to {topic}")),
        };

    /// <summary>The fault for this append, if one is pending.</summary>
    private AppendFault? Take()
    {
        lock (gate)
        {
            if (pending > 0)
            {
                pending--;
                injected++;
                return fault;
            }
        }

        return null;
    }

    public Task<bool> ReplaceHeadAsync(string topic, long seq, string? head, TopicFence? fence, CancellationToken cancellationToken)
        => inner.ReplaceHeadAsync(topic, seq, head, fence, cancellationToken);

    public Task<IReadOnlyList<StoredMessage>> QueryAsync(string topic, long forUser, MessageQuery query, CancellationToken cancellationToken)
        => inner.QueryAsync(topic, forUser, query, cancellationToken);

    public Task<long> DeleteAsync(string topic, long? forUser, IReadOnlyList<SeqRange> ranges, TopicFence? fence, CancellationToken cancellationToken)
        => inner.DeleteAsync(topic, forUser, ranges, fence, cancellationToken);

    public Task<IReadOnlyList<DeletionRecord>> GetDeletionsAsync(string topic, long forUser, long since, long before, int limit, CancellationToken cancellationToken)
        => inner.GetDeletionsAsync(topic, forUser, since, before, limit, cancellationToken);
}
