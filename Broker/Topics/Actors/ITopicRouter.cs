namespace Broker.Topics;

/// <summary>
/// The session side of the seam between sessions and topics: the <see cref="Hub"/> of this process on a single node
/// (<see cref="LocalTopicRouter"/>), the topics' grains in a cluster (<c>Cluster.ClusterTopicRouter</c>).
/// </summary>
internal interface ITopicRouter
{
    /// <summary>Queues a session's command to its topic, loading the topic when needed; false when the topic is too busy (503).</summary>
    bool Post(TopicTarget target, TopicCommand command);

    /// <summary>
    /// As <see cref="Post"/>, but for commands that need an attachment (publish, leave): <paramref name="loaded"/> is
    /// false when the topic certainly has nobody attached (then nothing was posted).
    /// </summary>
    bool PostToLoaded(TopicTarget target, TopicCommand command, out bool loaded);

    /// <summary>How a session of this node reaches <paramref name="topic"/>, an actor of this node that attached it.</summary>
    ITopicHandle HandleOf(TopicActor topic);
}
