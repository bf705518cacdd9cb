using Broker.Protocol.Server;

namespace Broker.Topics;

/// <summary>
/// A request of the admin API to a topic actor. The actor owns the topic's state, so every admin change goes through
/// its queue like a client's request; the result comes back through <see cref="Completion"/>.
/// </summary>
internal abstract record AdminCommand(TopicTarget Target) : TopicCommand(((ISubscriber?)null))
{
    private readonly TaskCompletionSource<AdminReply> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [System.Text.Json.Serialization.JsonIgnore]
    public Task<AdminReply> Completion => completion.Task;

    public void Complete(int status, object? value = null) => completion.TrySetResult(new AdminReply(status, value, null));

    public void Fail(int status, string error) => completion.TrySetResult(new AdminReply(status, null, error));

    /// <summary>Answers with the HTTP status matching a protocol error (a 3xx "nothing to do" becomes 409).</summary>
    public void Fail(CtrlCode code) => Fail(code.Code >= 400 ? code.Code : 409, code.Text);
}
