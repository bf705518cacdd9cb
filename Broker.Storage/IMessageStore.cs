namespace Broker.Storage;

/// <summary>Messages and delete transactions.</summary>
public interface IMessageStore
{
    /// <summary>
    /// Appends the batch in one transaction. The store assigns the seqs from the topic's row (last seq + 1, + 2, …),
    /// advances the topic's seq and touched time, and returns the first assigned seq; the batch's seqs are contiguous.
    /// Each sender's subscription read and recv markers rise to the seq of its last message in the batch (a sender
    /// has read what it wrote); senders without a subscription (the system, 0) are skipped.
    /// On failure nothing is stored and the topic's seq is unchanged.
    /// </summary>
    Task<long> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken);

    /// <summary>
    /// A page of messages visible to <paramref name="forUser"/>, newest first: hard-deleted messages and those
    /// soft-deleted for this user are left out.
    /// </summary>
    Task<IReadOnlyList<StoredMessage>> QueryAsync(string topic, long forUser, MessageQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Records a delete transaction (hard when <paramref name="forUser"/> is null: content removed for everyone)
    /// and returns its id, the topic's next del id. <paramref name="ranges"/> must not be empty.
    /// </summary>
    Task<long> DeleteAsync(string topic, long? forUser, IReadOnlyList<SeqRange> ranges, CancellationToken cancellationToken);

    /// <summary>Delete transactions visible to <paramref name="forUser"/> (hard ones, and soft ones of this user) with ids in [since, before).</summary>
    Task<IReadOnlyList<DeletionRecord>> GetDeletionsAsync(string topic, long forUser, long since, long before, int limit, CancellationToken cancellationToken);
}
