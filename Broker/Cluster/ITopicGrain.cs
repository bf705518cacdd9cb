using Orleans.Concurrency;

namespace Broker.Cluster;

/// <summary>A topic of any kind: one grain per routable name in the whole cluster, hosting the topic's actor.</summary>
[Alias("broker.topic")]
internal interface ITopicGrain : IGrainWithStringKey
{
    /// <summary>
    /// Queues the calls to the topic's actor, in order; returns once queued (not handled). <paramref name="batch"/>
    /// grows with every batch the sending node sends (<see cref="ClusterTopicRouter.NextBatch"/>): a batch that
    /// arrives after a later one of the same node (its call had timed out, and the sender went on) is dropped.
    /// </summary>
    [Alias("deliver")]
    Task DeliverAsync(SiloAddress from, long batch, TopicCall[] calls);

    /// <summary>Completes once everything queued to the actor before it is handled.</summary>
    [Alias("drain")]
    [AlwaysInterleave]
    Task DrainAsync();

    /// <summary>
    /// A user's account is being deleted: the topic's actor drops the user's subscription; completes once it did.
    /// Interleaves: it only queues to the actor (which keeps the order) and waits.
    /// </summary>
    [Alias("user-deleted")]
    [AlwaysInterleave]
    Task UserDeletedAsync(long userId);

    /// <summary>The admin API posts a message (<see cref="Topics.AdminPublishCommand"/>); answers the topic's reply. Interleaves as <see cref="UserDeletedAsync"/>.</summary>
    [Alias("admin-publish")]
    [AlwaysInterleave]
    Task<AdminPublishReply> AdminPublishAsync(AdminPublishCall call);

    /// <summary>Any other admin API command (<see cref="AdminCalls"/>); answers the topic's reply. Interleaves as <see cref="UserDeletedAsync"/>.</summary>
    [Alias("admin")]
    [AlwaysInterleave]
    Task<AdminCallReply> AdminAsync(AdminCall call);

    /// <summary>The actor of this topic on the grain's node unloaded (idle): deactivate when no new one started.</summary>
    [Alias("actor-unloaded")]
    Task ActorUnloadedAsync();
}
