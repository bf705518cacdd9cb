namespace Broker.Storage;

/// <summary>Subscriptions of users to topics, with access modes and read markers.</summary>
public interface ISubscriptionStore
{
    Task<SubscriptionRecord?> GetAsync(string topic, long userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SubscriptionRecord>> GetForTopicAsync(string topic, bool includeDeleted, CancellationToken cancellationToken);

    Task<IReadOnlyList<SubscriptionRecord>> GetForUserAsync(long userId, bool includeDeleted, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the subscription (also un-deletes it when <c>Deleted</c> is null).</summary>
    Task UpsertAsync(SubscriptionRecord subscription, CancellationToken cancellationToken);

    Task UpdateMarkersAsync(string topic, long userId, long readSeq, long recvSeq, CancellationToken cancellationToken);

    /// <summary>Marks the subscription deleted, keeping its modes.</summary>
    Task SoftDeleteAsync(string topic, long userId, DateTime when, CancellationToken cancellationToken);
}
