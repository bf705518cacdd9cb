using Broker.Json;
using Broker.Protocol.Access;
using Broker.Protocol.Client;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// A group that is also a channel (created as <c>nch…</c>, Tinode's <c>isChan</c>): besides its members, readers
/// subscribe as <c>chn…</c>. A reader's subscription is stored under the <c>chn…</c> name with the fixed given mode
/// <c>JRP</c>; readers are not members (not counted, not listed, no limit), get <c>{data}</c> without <c>from</c>,
/// cannot publish, delete or manage anyone, and trigger no presence. Readers are loaded when they first address the
/// channel, so a channel with many readers costs nothing until they come.
/// </summary>
internal partial class ConversationTopic
{
    /// <summary>Given mode of every channel reader (Tinode's ModeCChnReader).</summary>
    private const AccessMode ReaderMode = AccessMode.Join | AccessMode.Read | AccessMode.Presence;

    /// <summary>Default access of a new channel's members: invitation only (Tinode's ModeCChnWriter).</summary>
    private const AccessMode ChannelMemberDefault = AccessMode.Read | AccessMode.Write | AccessMode.Presence | AccessMode.Share;

    private readonly Dictionary<long, Member> readers = [];

    /// <summary>Readers told about the current message (a reader may have several sessions attached); kept empty between messages.</summary>
    private readonly HashSet<long> readersTold = [];

    private bool IsChannel => !isP2P && topic is { IsChannel: true };

    private string ChannelName => TopicNames.GroupToChannel(Name);

    private static bool IsReader(Member member) => member.Sub.Topic.StartsWith(TopicNames.ChannelPrefix, StringComparison.Ordinal);

    private Member? ActiveReader(long userId) =>
        readers.TryGetValue(userId, out var reader) && reader.IsActive ? reader : null;

    /// <summary>The user's subscription as the name the client used selects it: a member's, or a reader's for <c>chn…</c>.</summary>
    private Member? MemberFor(long userId, bool asReader) => asReader ? ActiveReader(userId) : ActiveMember(userId);

    /// <summary>
    /// A command addressed to <c>chn…</c>: 404 unless the group is a channel, 303 <c>use other</c> for a member (who uses
    /// <c>grp…</c>); otherwise handled as the reader's. False when the command goes on to the common handlers.
    /// </summary>
    private async Task<bool> HandledAsReaderAsync(TopicCommand command, CancellationToken cancellationToken)
    {
        if (command.Session is not { } session || TargetOf(command) is not { AsReader: true })
        {
            return false;
        }

        if (!IsChannel)
        {
            if (command is not NoteCommand)
            {
                Reply(command, CtrlCode.NotFound);
            }

            return true;
        }

        var userId = session.User.Value;
        if (ActiveMember(userId) is not null)
        {
            if (command is not NoteCommand)
            {
                Reply(command, CtrlCode.UseOther, new CtrlParams { Topic = Name });
            }

            return true;
        }

        await LoadReaderAsync(userId, cancellationToken);
        switch (command)
        {
            case SubscribeCommand sub:
                await SubscribeReaderAsync(sub, cancellationToken);
                return true;
            case LeaveCommand leave when leave.Leave.Unsub:
                await UnsubscribeReaderAsync(leave, cancellationToken);
                return true;
            case DelCommand del when del.Del.What == "topic":
                await UnsubscribeReaderAsync(del, cancellationToken);
                return true;
            case DelCommand:
                Reply(command, CtrlCode.OperationNotAllowed);
                return true;
            case SetCommand set when set.Set.Sub is { } setSub:
                await SetReaderWantAsync(set, setSub, cancellationToken);
                return set.Set.Desc is null && set.Set.Tags is null && set.Set.Cred is null && set.Set.Aux is null
                    ? true
                    : await ContinueWithoutSubAsync(set, cancellationToken);
            default:
                return false;
        }
    }

    private async Task<bool> ContinueWithoutSubAsync(SetCommand set, CancellationToken cancellationToken)
    {
        var rest = new MsgSet { Id = set.Set.Id, Topic = set.Set.Topic, Desc = set.Set.Desc, Tags = set.Set.Tags, Cred = set.Set.Cred, Aux = set.Set.Aux };
        await HandleSetAsync(set with { Set = rest }, cancellationToken);
        return true;
    }

    private async Task LoadReaderAsync(long userId, CancellationToken cancellationToken)
    {
        if (!readers.ContainsKey(userId) && await Store.Subscriptions.GetAsync(ChannelName, userId, cancellationToken) is { } sub)
        {
            readers[userId] = new Member(sub);
        }
    }

    private async Task SubscribeReaderAsync(SubscribeCommand command, CancellationToken cancellationToken)
    {
        var session = command.Origin;
        if (FindAttachment(session) is not null)
        {
            Reply(command, CtrlCode.AlreadySubscribed);
            return;
        }

        if (!MayAttach(command))
        {
            return;
        }

        AccessMode? requested = null;
        if (command.Sub.Set?.Sub is { } setSub)
        {
            if (!string.IsNullOrEmpty(setSub.User) && setSub.User != session.User.ToString())
            {
                Reply(command, CtrlCode.Malformed);
                return;
            }

            if (!string.IsNullOrEmpty(setSub.Mode))
            {
                if (!AccessModes.TryParse(setSub.Mode, out var parsed))
                {
                    Reply(command, CtrlCode.Malformed);
                    return;
                }

                requested = parsed;
            }
        }

        var userId = session.User.Value;
        readers.TryGetValue(userId, out var reader);
        var previous = reader?.Sub;
        var want = ((requested ?? (reader is { IsActive: true } ? previous!.Want : ReaderMode)) & ReaderMode) | AccessMode.Join | AccessMode.Read;
        var changed = reader is not { IsActive: true } || previous!.Want != want;
        if (changed)
        {
            var now = Now();
            var sub = new SubscriptionRecord
            {
                Topic = ChannelName,
                UserId = userId,
                Created = previous?.Created ?? now,
                Updated = now,
                Want = want,
                Given = ReaderMode,
                ReadSeq = previous?.ReadSeq ?? 0,
                RecvSeq = previous?.RecvSeq ?? 0,
                DelId = previous?.DelId ?? 0,
                Private = command.Sub.Set?.Desc?.Private is { } priv ? JsonValues.Merge(previous?.Private, priv) : previous?.Private,
            };
            await Store.Subscriptions.UpsertAsync(sub, Fence, cancellationToken);
            reader = new Member(sub) { AttachedSessions = reader?.AttachedSessions ?? 0 };
            readers[userId] = reader;
        }

        Attach(session, reader!);
        Reply(command, CtrlCode.Ok, changed ? new CtrlParams { Acs = AccessInfo(reader!.Sub) } : null);
        if (command.Sub.Get is { } query)
        {
            await ReplyGetAsync(session, command.Sub.Id, ChannelName, query, isAttached: true, cancellationToken);
        }
    }

    /// <summary>A reader changes its own want (always within <c>JRP</c>, J and R kept); another user's → 403.</summary>
    private async Task SetReaderWantAsync(SetCommand command, MsgSetSub setSub, CancellationToken cancellationToken)
    {
        var self = command.Origin.User;
        if (!string.IsNullOrEmpty(setSub.User) && setSub.User != self.ToString())
        {
            Reply(command, UserId.TryParse(setSub.User, out _) ? CtrlCode.PermissionDenied : CtrlCode.Malformed);
            return;
        }

        if (ActiveReader(self.Value) is not { } reader)
        {
            Reply(command, CtrlCode.NotFound);
            return;
        }

        if (string.IsNullOrEmpty(setSub.Mode) || !AccessModes.TryParse(setSub.Mode, out var mode))
        {
            Reply(command, string.IsNullOrEmpty(setSub.Mode) ? CtrlCode.NotModified : CtrlCode.Malformed);
            return;
        }

        var want = (mode & ReaderMode) | AccessMode.Join | AccessMode.Read;
        if (want == reader.Sub.Want)
        {
            Reply(command, CtrlCode.NotModified);
            return;
        }

        reader.Sub = reader.Sub with { Want = want, Updated = Now() };
        await Store.Subscriptions.UpsertAsync(reader.Sub, Fence, cancellationToken);
        Reply(command, CtrlCode.Ok, new CtrlParams { Acs = AccessInfo(reader.Sub) });
    }

    private async Task UnsubscribeReaderAsync(TopicCommand command, CancellationToken cancellationToken)
    {
        var session = command.Session!;
        var userId = session.User.Value;
        if (command is LeaveCommand && FindAttachment(session) is null)
        {
            Reply(command, CtrlCode.MustAttachFirst);
            return;
        }

        if (ActiveReader(userId) is not { } reader)
        {
            Reply(command, CtrlCode.NoAction);
            return;
        }

        var now = Now();
        await Store.Subscriptions.SoftDeleteAsync(ChannelName, userId, now, Fence, cancellationToken);
        Detach(session);
        Evict(userId, unsub: true);
        SendPresToMe(userId, "gone", skip: session);
        reader.Sub = reader.Sub with { Deleted = now, Updated = now };
        readers.Remove(userId);
        Reply(command, CtrlCode.Ok);
    }

    /// <summary>
    /// <c>{pres what:"msg" src:"chn…"}</c> on <c>me</c> for a channel message, to the readers Tinode 0.25's
    /// <c>presSubsOffline("msg")</c> reaches: a reader is in Tinode's <c>perUser</c> only while one of its sessions is
    /// attached to the channel (added by <c>thisUserSub</c>, removed when its last session leaves, topic.go), and the
    /// sessions attached to the topic are skipped, so only that reader's other sessions (another device on <c>me</c>)
    /// get it. A reader with no session here gets nothing, in Tinode as here. No <c>act</c>: readers never learn who
    /// published. Costs one presence lookup per attached reader per message.
    /// </summary>
    private void SendMsgPresToAttachedReaders(long seq)
    {
        foreach (var attachment in attached)
        {
            var reader = attachment.Member;
            if (IsReader(reader) && reader.IsActive && reader.Mode.Has(AccessMode.Read | AccessMode.Presence)
                && Services.Presence.WouldReachMe(reader.UserId, Name) && readersTold.Add(reader.UserId))
            {
                SendPresToMe(reader.UserId, "msg", seq, skipAttached: true);
            }
        }

        readersTold.Clear();
    }

    /// <summary>A new group created as <c>nch…</c> is a channel; its members are by invitation (Tinode's default).</summary>
    private static AccessMode DefaultMemberAccess(bool channel) => channel ? ChannelMemberDefault : AccessModes.Public;
}
