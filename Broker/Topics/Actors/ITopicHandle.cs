namespace Broker.Topics;

/// <summary>
/// How a session reaches a topic it is attached to (notes, detach, drain at close): the topic's actor itself on a
/// single node, or the cluster's ordered sender to the topic's grain.
/// </summary>
internal interface ITopicHandle
{
    /// <summary>The routable name.</summary>
    string Name { get; }

    /// <summary>Queues a command; false when the topic's queue is full.</summary>
    bool Post(TopicCommand command);

    /// <summary>Completes once everything this node queued to the topic so far is handled.</summary>
    Task DrainAsync(CancellationToken cancellationToken);
}
