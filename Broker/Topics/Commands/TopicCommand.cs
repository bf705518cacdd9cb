using Broker.Protocol.Client;

namespace Broker.Topics;

/// <summary>A request queued for a topic actor. <c>Session</c> is the originator, null for internal commands.</summary>
internal abstract record TopicCommand(ISubscriber? Session)
{
    /// <summary>The client frame the command was parsed from (a cluster sends it, not the command, to the topic's node).</summary>
    public byte[]? Frame { get; init; }
}

internal sealed record SubscribeCommand(ISubscriber Origin, MsgSub Sub, TopicTarget Target) : TopicCommand(Origin);

internal sealed record LeaveCommand(ISubscriber Origin, MsgLeave Leave, TopicTarget Target) : TopicCommand(Origin);

/// <summary>
/// A publish; <c>ReceivedAt</c> is a monotonic timestamp for latency metrics, <c>IdempotencyKey</c> the frame's
/// <c>extra.idk</c> (already checked for length).
/// </summary>
internal sealed record PublishCommand(ISubscriber Origin, MsgPub Pub, TopicTarget Target, long ReceivedAt) : TopicCommand(Origin)
{
    public string? IdempotencyKey { get; init; }

    /// <summary>Ids of the uploaded files the message refers to (<c>extra.attachments</c>); they are linked to it.</summary>
    public IReadOnlyList<string> Attachments { get; init; } = [];
}

internal sealed record GetCommand(ISubscriber Origin, MsgGet Get, TopicTarget Target) : TopicCommand(Origin);

internal sealed record SetCommand(ISubscriber Origin, MsgSet Set, TopicTarget Target) : TopicCommand(Origin);

internal sealed record DelCommand(ISubscriber Origin, MsgDel Del, TopicTarget Target) : TopicCommand(Origin);

internal sealed record NoteCommand(ISubscriber Origin, MsgNote Note, TopicTarget Target) : TopicCommand(Origin);

/// <summary>The session closed: detach it silently.</summary>
internal sealed record DetachCommand(ISubscriber Origin) : TopicCommand(Origin);

/// <summary>The idle timer fired: unload when still unused.</summary>
internal sealed record IdleCheckCommand() : TopicCommand((ISubscriber?)null);

/// <summary>Shutdown: completes <c>Done</c> once every command queued before it (and the publish batch in progress) is handled.</summary>
internal sealed record DrainCommand(TaskCompletionSource Done) : TopicCommand((ISubscriber?)null);

/// <summary>Something about a user's subscriptions changed elsewhere (a new p2p topic, an invite): reload them.</summary>
internal sealed record SubscriptionsChangedCommand() : TopicCommand((ISubscriber?)null);

/// <summary>
/// Cluster: the user came online and its presence copies have reached the other nodes; contacts that were not seen
/// online then (<paramref name="Seen"/> holds those that were) are looked at again.
/// </summary>
internal sealed record ContactsRecheckCommand(IReadOnlySet<long> Seen) : TopicCommand((ISubscriber?)null);

/// <summary>The user is being deleted: drop the user's subscription (or the whole topic when the user owns it).</summary>
internal sealed record UserDeletedCommand(long UserId, TaskCompletionSource Done) : TopicCommand((ISubscriber?)null);

/// <summary>Cluster hand-over: terminate the attachments and unload; <c>Done</c> gets the number of sessions terminated.</summary>
internal sealed record HandOverCommand(TaskCompletionSource<int> Done) : TopicCommand((ISubscriber?)null);
