namespace Broker.Topics;

/// <summary>One node: commands go straight to the topic actors of this process.</summary>
internal sealed class LocalTopicRouter(Hub hub) : ITopicRouter
{
    public bool Post(TopicTarget target, TopicCommand command) => hub.Post(target, command);

    public bool PostToLoaded(TopicTarget target, TopicCommand command, out bool loaded) =>
        hub.PostToLoaded(target.Routable, command, out loaded);

    public ITopicHandle HandleOf(TopicActor topic) => topic;
}
