namespace Broker.Storage;

/// <summary>Messages and delete transactions.</summary>
public interface IMessageStore
{
    /// <summary>
    /// Appends the batch in one transaction. The store assigns the seqs from the topic's row (last seq + 1, + 2, …)
    /// to the new messages, contiguous in draft order, advances the topic's seq and touched time, and returns one
    /// entry per draft. A draft whose <see cref="MessageDraft.IdempotencyKey"/> this sender already stored in this
    /// topic at or after its <see cref="MessageDraft.IdempotentSince"/> (or earlier in the same batch) stores nothing
    /// and answers that message's seq as a duplicate; a batch of duplicates only leaves the topic as it was.
    /// Each sender's subscription read and recv markers rise to the seq of its last new message in the batch (a
    /// sender has read what it wrote); senders without a subscription (the system, 0) are skipped. An
    /// <see cref="MessageDraft.Outbound"/> draft also gets an outbox row. An unknown topic throws
    /// <see cref="InvalidOperationException"/>. On failure nothing is stored and the topic's seq is unchanged.
    /// </summary>
    Task<AppendResult> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="AppendAsync"/> fenced by the topic's epoch: the batch is stored only while the topic's epoch is still
    /// <paramref name="epoch"/> (the one its activation claimed with <see cref="ITopicStore.ClaimEpochAsync"/>), checked
    /// in the append's own transaction. Otherwise it throws <see cref="StaleTopicEpochException"/> and stores nothing,
    /// not even a duplicate's answer, so that of two activations of one topic only the newest can acknowledge.
    /// </summary>
    Task<AppendResult> AppendFencedAsync(string topic, long epoch, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the head of a stored, not hard-deleted message; false when there is no such message. Fenced
    /// (<see cref="TopicFence"/>), a stale epoch throws <see cref="StaleTopicEpochException"/> and changes nothing.
    /// </summary>
    Task<bool> ReplaceHeadAsync(string topic, long seq, string? head, TopicFence? fence, CancellationToken cancellationToken);

    /// <summary>
    /// A page of messages visible to <paramref name="forUser"/>, newest first: hard-deleted messages and those
    /// soft-deleted for this user are left out.
    /// </summary>
    Task<IReadOnlyList<StoredMessage>> QueryAsync(string topic, long forUser, MessageQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Records a delete transaction (hard when <paramref name="forUser"/> is null: content removed for everyone)
    /// and returns its id, the topic's next del id. <paramref name="ranges"/> must not be empty. Fenced
    /// (<see cref="TopicFence"/>), a stale epoch throws <see cref="StaleTopicEpochException"/> and records nothing.
    /// </summary>
    Task<long> DeleteAsync(string topic, long? forUser, IReadOnlyList<SeqRange> ranges, TopicFence? fence, CancellationToken cancellationToken);

    /// <summary>Delete transactions visible to <paramref name="forUser"/> (hard ones, and soft ones of this user) with ids in [since, before).</summary>
    Task<IReadOnlyList<DeletionRecord>> GetDeletionsAsync(string topic, long forUser, long since, long before, int limit, CancellationToken cancellationToken);
}
