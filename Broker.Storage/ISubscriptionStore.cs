namespace Broker.Storage;

/// <summary>
/// Subscriptions of users to topics, with access modes and read markers. A write given a <see cref="TopicFence"/>
/// (a topic activation's) is made only while the fence's topic is at its epoch, else it throws
/// <see cref="StaleTopicEpochException"/> and writes nothing.
/// </summary>
public interface ISubscriptionStore
{
    Task<SubscriptionRecord?> GetAsync(string topic, long userId, CancellationToken cancellationToken);

    Task<IReadOnlyList<SubscriptionRecord>> GetForTopicAsync(string topic, bool includeDeleted, CancellationToken cancellationToken);

    Task<IReadOnlyList<SubscriptionRecord>> GetForUserAsync(long userId, bool includeDeleted, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the subscription (also un-deletes it when <c>Deleted</c> is null).</summary>
    Task UpsertAsync(SubscriptionRecord subscription, TopicFence? fence, CancellationToken cancellationToken);

    /// <summary>Sets the read and recv markers; no subscription, no change.</summary>
    Task UpdateMarkersAsync(string topic, long userId, long readSeq, long recvSeq, TopicFence? fence, CancellationToken cancellationToken);

    /// <summary>Marks the subscription deleted, keeping its modes; no subscription, no change.</summary>
    Task SoftDeleteAsync(string topic, long userId, DateTime when, TopicFence? fence, CancellationToken cancellationToken);
}
