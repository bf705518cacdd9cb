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

    public bool Post(TopicTarget target, TopicCommand command) => SenderFor(target.Routable).Post(command);

    /// <summary>Whether a topic is loaded is known only where it lives: the grain's actor answers a session that is not attached.</summary>
    public bool PostToLoaded(TopicTarget target, TopicCommand command, out bool loaded)
    {
        loaded = true;
        return Post(target, command);
    }

    public ITopicHandle HandleOf(TopicActor topic) => SenderFor(topic.Name);

    public TopicSender SenderFor(string routable) =>
        senders.TryGetValue(routable, out var sender)
            ? sender
            : senders.GetOrAdd(routable, name => new TopicSender(name, grains.GetGrain<ITopicGrain>(name), silo.SiloAddress, log));
}
