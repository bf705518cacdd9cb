using System.Collections.Concurrent;
using Broker.Topics;

namespace Broker.Cluster;

/// <summary>
/// A cluster node's side of the session/topic seam: every command goes to its topic's grain through this node's
/// one <see cref="TopicSender"/> for that topic, wherever the grain lives (this node included).
/// </summary>
internal sealed class ClusterTopicRouter(IGrainFactory grains, ILocalSiloDetails silo, ClusterLog log) : ITopicRouter
{
    private readonly ConcurrentDictionary<string, TopicSender> senders = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a topic is loaded is known only where it lives (the grain answers a request that needs it); a sender
    /// past its capacity answers 503 at once.
    /// </summary>
    public ValueTask<PostOutcome> PostAsync(TopicTarget target, TopicCommand command, bool loadedOnly, TimeSpan wait, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SenderFor(target.Routable).Post(command) ? PostOutcome.Posted : PostOutcome.QueueFull);

    public ITopicHandle HandleOf(TopicActor topic) => SenderFor(topic.Name);

    public TopicSender SenderFor(string routable) =>
        senders.TryGetValue(routable, out var sender)
            ? sender
            : senders.GetOrAdd(routable, name => new TopicSender(name, grains.GetGrain<ITopicGrain>(name), silo.SiloAddress, log));
}
