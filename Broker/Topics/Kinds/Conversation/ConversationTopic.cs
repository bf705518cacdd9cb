using Broker.Protocol.Access;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// A group (<c>grp…</c>) or p2p (<c>p2p…</c>) topic. State: the topic record, every subscription (deleted ones are
/// kept so a ban survives re-subscribing), and the attached sessions. Handlers live in the partial files.
/// </summary>
internal partial class ConversationTopic : TopicActor
{
    private readonly bool isP2P;

    /// <summary>The user's saved-messages topic (<c>slf</c>): one owner, no other members, no presence.</summary>
    private readonly bool isSelf;
    private readonly Dictionary<long, Member> members = [];
    private readonly AttachmentList attached = new();
    private readonly Dictionary<long, UserRecord> p2pUsers = [];
    private TopicRecord? topic;
    private bool pendingCreate;

    // The epoch this activation claimed for the topic; every write of the topic's is fenced by it (a newer activation's
    // claim makes this one's writes fail, see TopicActor's handling of StaleTopicEpochException).
    private long epoch;

    public ConversationTopic(string name, TopicCategory category, bool isNew, Hub hub, TopicServices services)
        : base(name, hub, services)
    {
        isP2P = category == TopicCategory.P2P;
        isSelf = name.StartsWith(TopicNames.Slf, StringComparison.Ordinal);
        pendingCreate = isNew;
    }

    protected override int AttachedCount => attached.Count;

    private int ActiveMemberCount
    {
        get
        {
            var count = 0;
            foreach (var member in members.Values)
            {
                if (member.IsActive)
                {
                    count++;
                }
            }

            return count;
        }
    }

    protected override async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (pendingCreate)
        {
            return true;
        }

        // Claimed before the state is read: an older activation can no longer append after this point, so what is read
        // below is final.
        topic = await ClaimEpochAsync(cancellationToken) ? await Store.Topics.GetAsync(Name, cancellationToken) : null;
        if (topic is null)
        {
            pendingCreate = await CreatesOnDemandAsync(cancellationToken);
            return pendingCreate;
        }

        foreach (var sub in await Store.Subscriptions.GetForTopicAsync(Name, includeDeleted: true, cancellationToken))
        {
            members[sub.UserId] = new Member(sub);
        }

        if (isP2P && TopicNames.TryParseP2P(Name, out var a, out var b))
        {
            foreach (var user in await Store.Users.GetManyAsync([a.Value, b.Value], cancellationToken))
            {
                p2pUsers[user.Id] = user;
            }
        }

        return true;
    }

    /// <summary>What every store write of this topic is made under: it fails once another activation claimed the topic.</summary>
    private protected TopicFence Fence => new(Name, epoch);

    /// <summary>Claims the topic for this activation (<see cref="Storage.ITopicStore.ClaimEpochAsync"/>); false when it does not exist.</summary>
    private async Task<bool> ClaimEpochAsync(CancellationToken cancellationToken)
    {
        if (await Store.Topics.ClaimEpochAsync(Name, cancellationToken) is not { } claimed)
        {
            return false;
        }

        epoch = claimed;
        return true;
    }

    protected override void RejectMissing(TopicCommand command)
    {
        if (command is UserDeletedCommand deleted)
        {
            deleted.Done.TrySetResult();
        }
        else if (command is not DetachCommand and not IdleCheckCommand)
        {
            Reply(command, CtrlCode.TopicNotFound);
        }
    }

    protected override async Task HandleAsync(TopicCommand command, CancellationToken cancellationToken)
    {
        if (pendingCreate && command is UserDeletedCommand pendingDeleted)
        {
            pendingDeleted.Done.TrySetResult();
            return;
        }

        if (pendingCreate && command is not SubscribeCommand and not DetachCommand and not AdminCreateGroupCommand)
        {
            if (command is GetCommand get && isP2P)
            {
                await HandleGetAsync(get, cancellationToken);
                return;
            }

            RejectMissing(command);
            return;
        }

        if (await HandledAsReaderAsync(command, cancellationToken))
        {
            return;
        }

        switch (command)
        {
            case SubscribeCommand sub:
                await HandleSubscribeAsync(sub, cancellationToken);
                break;
            case LeaveCommand leave:
                await HandleLeaveAsync(leave, cancellationToken);
                break;
            case GetCommand get:
                await HandleGetAsync(get, cancellationToken);
                break;
            case SetCommand set:
                await HandleSetAsync(set, cancellationToken);
                break;
            case DelCommand del:
                await HandleDelAsync(del, cancellationToken);
                break;
            case NoteCommand note:
                await HandleNoteAsync(note, cancellationToken);
                break;
            case DetachCommand detach:
                Detach(detach.Origin);
                break;
            case CallEndCommand end:
                await HandleCallEndAsync(end, cancellationToken);
                break;
            case UserDeletedCommand deleted:
                await HandleUserDeletedAsync(deleted, cancellationToken);
                break;
            case AdminCommand admin:
                await HandleAdminAsync(admin, cancellationToken);
                break;
            case MemberChangedCommand changed:
                HandleMemberChanged(changed);
                break;
        }
    }

    /// <summary>The topic's name as <paramref name="viewer"/> sees it: the peer's <c>usr…</c> id in p2p.</summary>
    private string NameFor(long viewer) =>
        isP2P ? TopicNames.P2PPeer(Name, new UserId(viewer)).ToString() : readers.ContainsKey(viewer) ? ChannelName : SharedName;

    /// <summary>The name every member sees in a group (a self topic is <c>slf</c> to its owner).</summary>
    private string SharedName => isSelf ? TopicNames.Slf : Name;

    private Attachment? FindAttachment(ISubscriber session) => attached.Find(session);

    private Member? ActiveMember(long userId) =>
        members.TryGetValue(userId, out var member) && member.IsActive ? member : null;

    private void Attach(ISubscriber session, Member member)
    {
        attached.Add(new Attachment(session, member));
        member.AttachedSessions++;
        session.OnAttached(this);
        if (IsReader(member))
        {
            // Channel readers trigger no presence (Tinode's sendSubNotifications skips them).
            return;
        }

        AnnounceGroupOnline();
        if (!isP2P && member.AttachedSessions == 1)
        {
            SendPresOnTopic(member.UserId, "on");
        }
    }

    /// <summary>Detaches the session silently; false when it was not attached.</summary>
    private bool Detach(ISubscriber session)
    {
        var attachment = FindAttachment(session);
        if (attachment is null)
        {
            return false;
        }

        attached.Remove(session);
        attachment.Member.AttachedSessions--;
        session.OnDetached(this);
        OnCallPartyDetached(session);
        if (!isP2P && attachment.Member.AttachedSessions == 0 && !IsReader(attachment.Member))
        {
            SendPresOnTopic(attachment.Member.UserId, "off");
        }

        return true;
    }

    protected override int TerminateAttachments()
    {
        var count = attached.Count;
        foreach (var attachment in attached)
        {
            attachment.Session.Send(TermFrame(NameFor(attachment.Member.UserId)));
            attachment.Member.AttachedSessions--;
            attachment.Session.OnDetached(this);
        }

        attached.Clear();
        return count;
    }

    /// <summary>Evicts every attached session of <paramref name="userId"/> with <c>{ctrl 205 evicted}</c>.</summary>
    private void Evict(long userId, bool unsub, ISubscriber? except = null)
    {
        for (var i = attached.Count - 1; i >= 0; i--)
        {
            var attachment = attached[i];
            if (attachment.Member.UserId != userId || attachment.Session == except)
            {
                continue;
            }

            Detach(attachment.Session);
            attachment.Session.Reply(null, NameFor(userId), CtrlCode.Evicted, new CtrlParams { Unsub = unsub });
        }
    }

    /// <summary><c>{pres}</c> on this topic about <paramref name="userId"/> to other attached sessions with P.</summary>
    private void SendPresOnTopic(long userId, string what, string? userAgent = null)
    {
        byte[]? frame = null;
        byte[]? toReaders = null;
        foreach (var attachment in attached)
        {
            if (attachment.Member.UserId == userId || !attachment.Member.Mode.Has(AccessMode.Presence))
            {
                continue;
            }

            var src = new UserId(userId).ToString();
            attachment.Session.Send(IsReader(attachment.Member)
                ? toReaders ??= FrameWriter.Write(new MsgPres { Topic = ChannelName, Src = src, What = what, Ua = userAgent })
                : frame ??= FrameWriter.Write(new MsgPres { Topic = SharedName, Src = src, What = what, Ua = userAgent }));
        }
    }

    /// <summary><c>{pres}</c> on the <c>me</c> of <paramref name="userId"/>, about this topic.</summary>
    private void SendPresToMe(long userId, string what, long? seq = null, long? actor = null, MsgAccessModeInfo? dacs = null,
        bool skipAttached = false, ISubscriber? skip = null, long? clear = null)
    {
        if (!Services.Presence.WouldReachMe(userId, skipAttached ? Name : null, skip))
        {
            return;
        }

        var frame = FrameWriter.Write(new MsgPres
        {
            Topic = TopicNames.Me,
            Src = NameFor(userId),
            What = what,
            Seq = seq,
            Clear = clear,
            Act = actor is { } act && act != userId ? new UserId(act).ToString() : null,
            Dacs = dacs,
        });
        Services.Presence.SendToMe(userId, frame, skipAttached ? Name : null, skip);
    }

    private static MsgAccessModeInfo AccessInfo(SubscriptionRecord sub) => new()
    {
        Want = AccessModes.Format(sub.Want),
        Given = AccessModes.Format(sub.Given),
        Mode = AccessModes.Format(sub.Want & sub.Given),
    };

    /// <summary>
    /// A new subscription of <paramref name="userId"/>, or the re-activation of a deleted one: a returning member keeps
    /// its creation time, read markers and clear id.
    /// </summary>
    private SubscriptionRecord ActiveSubscription(long userId, SubscriptionRecord? previous, AccessMode want, AccessMode given, DateTime now) => new()
    {
        Topic = Name,
        UserId = userId,
        Created = previous?.Created ?? now,
        Updated = now,
        Want = want,
        Given = given,
        ReadSeq = previous?.ReadSeq ?? 0,
        RecvSeq = previous?.RecvSeq ?? 0,
        DelId = previous?.DelId ?? 0,
    };

    private bool IsOwner(long userId) => !isP2P && topic is not null && topic.Owner == userId;
}
