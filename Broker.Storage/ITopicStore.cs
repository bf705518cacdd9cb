namespace Broker.Storage;

/// <summary>Group and p2p topics.</summary>
public interface ITopicStore
{
    /// <summary>Creates the topic with its first subscriptions in one transaction. Throws <see cref="DuplicateKeyException"/> if it exists.</summary>
    Task CreateAsync(TopicRecord topic, IReadOnlyList<SubscriptionRecord> subscriptions, CancellationToken cancellationToken);

    Task<TopicRecord?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Replaces the description fields (updated, owner, defaults, public, trusted, tags, aux). Never touches seq or del id.</summary>
    Task UpdateAsync(TopicRecord topic, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the topic for a new activation: raises its epoch by one and returns it (null when there is no such
    /// topic). From then on a fenced write of an older activation (<see cref="IMessageStore.AppendFencedAsync"/>) is
    /// refused. A new topic's epoch is 0, so its first claim answers 1.
    /// </summary>
    Task<long?> ClaimEpochAsync(string name, CancellationToken cancellationToken);

    /// <summary>Deletes the topic, its subscriptions, messages and delete log.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Group topics by name, for paging (<paramref name="after"/> exclusive, null from the start).</summary>
    Task<IReadOnlyList<TopicRecord>> ListGroupsAsync(string? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Topics without an owner (owner 0) whose names start with <paramref name="prefix"/>, by name, for paging
    /// (<paramref name="after"/> exclusive, null from the start): the emc groups among the <c>emc…</c> topics.
    /// </summary>
    Task<IReadOnlyList<TopicRecord>> ListOwnerlessAsync(string prefix, string? after, int limit, CancellationToken cancellationToken);
}
