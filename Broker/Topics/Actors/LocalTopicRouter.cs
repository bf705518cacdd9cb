namespace Broker.Topics;

/// <summary>One node: commands go straight to the topic actors of this process.</summary>
internal sealed class LocalTopicRouter(Hub hub) : ITopicRouter
{
    public ValueTask<PostOutcome> PostAsync(TopicTarget target, TopicCommand command, bool loadedOnly, TimeSpan wait, CancellationToken cancellationToken) =>
        hub.PostWaitingAsync(target, command, loadedOnly, wait, cancellationToken);

    public ITopicHandle HandleOf(TopicActor topic) => topic;
}
