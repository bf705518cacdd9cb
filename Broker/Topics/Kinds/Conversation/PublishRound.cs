using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// One publish batch on its way through a topic: the publishes accepted and their drafts, the append under way, and
/// the refusals, held until the round is answered so that each client gets its replies in the order it sent the
/// publishes (a refusal between two accepted publishes comes between their acks), even when the round was prepared
/// while the previous one was still being delivered.
/// </summary>
internal sealed class PublishRound
{
    public List<PublishCommand> Accepted { get; } = [];

    /// <summary>Where each accepted publish was in the batch.</summary>
    public List<int> AcceptedAt { get; } = [];

    public List<MessageDraft> Drafts { get; } = [];

    /// <summary>The refused publishes, in batch order, with where they were in the batch.</summary>
    public List<(int Position, PublishCommand Command, CtrlCode Code)> Refused { get; } = [];

    /// <summary>Where the publish being checked is in the batch.</summary>
    public int Position { get; set; }

    /// <summary>The store's append of <see cref="Drafts"/>, started when the round was prepared; null when nothing was accepted.</summary>
    public Task<AppendResult>? Append { get; set; }

    public long AppendStarted { get; set; }

    /// <summary>A call invite is in the round: the next round is prepared only once this one started its call.</summary>
    public bool HasCallInvite { get; set; }
}
