using System.Text.Json;
using Broker.Protocol.Access;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// What a kind built on the group machinery (emc, <c>Kinds/Emc</c>) may change: topics created on demand, who may
/// create one by subscribing, how a publish becomes a draft; and the state it may read. Groups and p2p topics use
/// the defaults.
/// </summary>
internal partial class ConversationTopic
{
    private protected TopicRecord? Record => topic;

    private protected bool IsPendingCreate => pendingCreate;

    private protected AttachmentList Attached => attached;

    private protected StorageBackend Store => Services.Store;

    private protected Member? FindActiveMember(long userId) => ActiveMember(userId);

    /// <summary>
    /// Called when the topic has no record: true when it comes into being on first use (p2p topics, a user's emc);
    /// false answers every queued command as <see cref="RejectMissing"/> does.
    /// </summary>
    protected virtual Task<bool> CreatesOnDemandAsync(CancellationToken cancellationToken) => Task.FromResult(isP2P || isSelf);

    /// <summary>Creates the topic for the <c>{sub}</c> that found it missing; null when refused (already replied).</summary>
    protected virtual Task<Member?> CreateOnSubscribeAsync(SubscribeCommand command, AccessMode? requestedWant, CancellationToken cancellationToken) =>
        isP2P ? CreateP2PAsync(command, requestedWant, cancellationToken)
        : isSelf ? CreateSelfAsync(command, cancellationToken)
        : CreateGroupAsync(command, requestedWant, cancellationToken);

    /// <summary>
    /// The draft a <c>{pub}</c> of <paramref name="sender"/> stores; null when refused (the reply was sent). By default
    /// the content must be present, the head loses <c>sender</c>, and the frame's idempotency key is kept.
    /// </summary>
    protected virtual MessageDraft? DraftOf(PublishCommand command, Member sender, DateTime now)
    {
        if (command.Pub.Content is not { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null } content)
        {
            RefusePublish(command, CtrlCode.Malformed);
            return null;
        }

        return new MessageDraft(sender.UserId, now, HeadText(command.Pub.Head), content.GetRawText())
        {
            IdempotencyKey = command.IdempotencyKey,
            IdempotentSince = command.IdempotencyKey is null ? default : now - Services.Options.IdempotencyWindow,
        };
    }

    /// <summary>Stores the topic with its first subscriptions and takes them as its state.</summary>
    private protected async Task CreateTopicAsync(TopicRecord record, IReadOnlyList<SubscriptionRecord> subscriptions, string createdBy,
        CancellationToken cancellationToken)
    {
        await Store.Topics.CreateAsync(record, subscriptions, cancellationToken);
        topic = record;
        pendingCreate = false;
        await ClaimEpochAsync(cancellationToken);
        foreach (var sub in subscriptions)
        {
            members[sub.UserId] = new Member(sub);
            Services.Events.SubscriptionChanged(Name, sub, "subscribed");
        }

        Services.Log.Created(Name, createdBy);
    }

    /// <summary>
    /// Appends one message outside a publish batch (the server API) and fans it out; a duplicate (its idempotency key
    /// was stored before) was fanned out then and is not again.
    /// </summary>
    private protected async Task<AppendedMessage> AppendOneAsync(MessageDraft draft, CancellationToken cancellationToken)
    {
        var appendStarted = Services.Clock.GetTimestamp();
        var appended = (await Store.Messages.AppendFencedAsync(Name, epoch, [draft], cancellationToken)).Messages[0];
        if (appended.Duplicate)
        {
            return appended;
        }

        Services.Metrics.Published(1, Services.Clock.GetElapsedTime(appendStarted));
        topic = topic! with { Seq = appended.Seq, Touched = draft.Ts };
        FanOut(null, false, draft, appended.Seq);
        return appended;
    }
}
