namespace Broker.Storage;

/// <summary>Group and p2p topics.</summary>
public interface ITopicStore
{
    /// <summary>Creates the topic with its first subscriptions in one transaction. Throws <see cref="DuplicateKeyException"/> if it exists.</summary>
    Task CreateAsync(TopicRecord topic, IReadOnlyList<SubscriptionRecord> subscriptions, CancellationToken cancellationToken);

    Task<TopicRecord?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the description fields (updated, owner, defaults, public, trusted, tags, aux). Never touches seq or del
    /// id. Unfenced, a missing topic is left missing; fenced (<see cref="TopicFence"/>), it is stale.
    /// </summary>
    Task UpdateAsync(TopicRecord topic, TopicFence? fence, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the topic for a new activation: raises its epoch by one and returns it (null when there is no such
    /// topic). From then on a fenced write of an older activation (<see cref="IMessageStore.AppendFencedAsync"/>) is
    /// refused, and so is every other write given its <see cref="TopicFence"/>. A new topic's epoch is 0, so its first
    /// claim answers 1.
    /// </summary>
    Task<long?> ClaimEpochAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the topic, its subscriptions (a channel's readers' under its <c>chn…</c> name too), messages and delete
    /// log, in one transaction. Fenced (<see cref="TopicFence"/>), nothing is deleted unless the topic is at the epoch.
    /// </summary>
    Task DeleteAsync(string name, TopicFence? fence, CancellationToken cancellationToken);

    /// <summary>Group topics by name, for paging (<paramref name="after"/> exclusive, null from the start).</summary>
    Task<IReadOnlyList<TopicRecord>> ListGroupsAsync(string? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Topics without an owner (owner 0) whose names start with <paramref name="prefix"/>, by name, for paging
    /// (<paramref name="after"/> exclusive, null from the start): the emc groups among the <c>emc…</c> topics.
    /// </summary>
    Task<IReadOnlyList<TopicRecord>> ListOwnerlessAsync(string prefix, string? after, int limit, CancellationToken cancellationToken);
}
