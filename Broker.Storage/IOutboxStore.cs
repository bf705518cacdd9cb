namespace Broker.Storage;

/// <summary>
/// The durable outbox of messages appended with <see cref="MessageDraft.Outbound"/>: written in the append's
/// transaction, read by a delivery loop until each entry is completed. A hard-deleted message leaves the outbox.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Entries due at <paramref name="now"/> (DueAt ≤ now), earliest due first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<OutboxEntry>> GetDueAsync(DateTime now, int limit, CancellationToken cancellationToken);

    /// <summary>Removes the entry (delivered); nothing happens when there is none.</summary>
    Task CompleteAsync(string topic, long seq, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt: the entry's attempt count and next due time.</summary>
    Task RescheduleAsync(string topic, long seq, int attempts, DateTime dueAt, CancellationToken cancellationToken);
}
