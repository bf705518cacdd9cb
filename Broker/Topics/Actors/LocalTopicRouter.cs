namespace Broker.Topics;

/// <summary>One node: commands go straight to the topic actors of this process.</summary>
internal sealed class LocalTopicRouter(Hub hub) : ITopicRouter
{
    public ValueTask<PostOutcome> PostAsync(TopicTarget target, TopicCommand command, bool loadedOnly, TimeSpan wait, CancellationToken cancellationToken) =>
        hub.PostWaitingAsync(target, command, loadedOnly, wait, cancellationToken);

    public ITopicHandle HandleOf(TopicActor topic) => topic;

    public Task<AdminReply>? SendAdminAsync(AdminCommand command) => null;

    public Task EvictUserElsewhereAsync(long userId) => Task.CompletedTask;

    public Task DeleteUserAsync(string routable, long userId, CancellationToken cancellationToken)
    {
        var command = new UserDeletedCommand(userId, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        hub.PostUserDeletion(routable, command);
        return command.Done.Task.WaitAsync(cancellationToken);
    }
}
