namespace Broker.Topics;

/// <summary>
/// The session side of the seam between sessions and topics: the <see cref="Hub"/> of this process on a single node
/// (<see cref="LocalTopicRouter"/>), the topics' grains in a cluster (<c>Cluster.ClusterTopicRouter</c>).
/// </summary>
internal interface ITopicRouter
{
    /// <summary>
    /// Queues a session's command to its topic, loading the topic when needed (unless <paramref name="loadedOnly"/>:
    /// commands that need an attachment, such as publish and leave); when the topic's queue is full, waits up to
    /// <paramref name="wait"/> for room.
    /// </summary>
    ValueTask<PostOutcome> PostAsync(TopicTarget target, TopicCommand command, bool loadedOnly, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>
    /// Tells the topic (its one owner, wherever it lives) that <paramref name="userId"/>'s account is being deleted:
    /// its actor drops the user's subscription (see <see cref="UserDeletedCommand"/>). Completes once it did.
    /// </summary>
    Task DeleteUserAsync(string routable, long userId, CancellationToken cancellationToken);

    /// <summary>
    /// <paramref name="userId"/>'s account is deleted: evicts the user's sessions on every other node (a single node
    /// has none; <see cref="AccountDeletion"/> evicts this node's own). Completes once the other nodes were told.
    /// </summary>
    Task EvictUserElsewhereAsync(long userId);

    /// <summary>
    /// Sends an admin API command to its topic's one owner elsewhere and awaits the reply; null when this router
    /// leaves <paramref name="command"/> to this process's <see cref="Hub"/> (always on one node).
    /// </summary>
    Task<AdminReply>? SendAdminAsync(AdminCommand command);

    /// <summary>How a session of this node reaches <paramref name="topic"/>, an actor of this node that attached it.</summary>
    ITopicHandle HandleOf(TopicActor topic);
}
