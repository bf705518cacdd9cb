using Broker.Protocol.Access;
using Broker.Protocol.Client;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary><c>{del}</c>: messages, a member, or the whole topic.</summary>
internal partial class ConversationTopic
{
    private async Task HandleDelAsync(DelCommand command, CancellationToken cancellationToken)
    {
        switch (command.Del.What)
        {
            case null or "" or "msg":
                await DeleteMessagesAsync(command, cancellationToken);
                break;
            case "sub":
                await DeleteMemberAsync(command, cancellationToken);
                break;
            case "topic":
                await DeleteTopicAsync(command, cancellationToken);
                break;
            case "cred":
                Reply(command, CtrlCode.PermissionDenied);
                break;
            default:
                Reply(command, CtrlCode.Malformed);
                break;
        }
    }

    private async Task DeleteMessagesAsync(DelCommand command, CancellationToken cancellationToken)
    {
        var attachment = FindAttachment(command.Origin);
        if (attachment is null)
        {
            Reply(command, CtrlCode.MustAttachFirst);
            return;
        }

        var member = attachment.Member;
        if (!member.Mode.Has(AccessMode.Read))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        if (!TryNormalizeRanges(command.Del.DelSeq, topic!.Seq, out var ranges))
        {
            Reply(command, CtrlCode.Malformed);
            return;
        }

        // Without D a hard delete is quietly a soft one, as Tinode does.
        var hard = command.Del.Hard && member.Mode.Has(AccessMode.Delete);
        var delId = await Store.Messages.DeleteAsync(Name, hard ? null : member.UserId, ranges, Fence, cancellationToken);
        topic = topic with { DelId = delId };
        if (!hard)
        {
            member.Sub = member.Sub with { DelId = delId };
        }

        Reply(command, CtrlCode.Ok, new CtrlParams { Del = delId });
        var wire = ranges.Select(SeqRanges.ToWire).ToArray();
        var actor = new UserId(member.UserId).ToString();
        foreach (var other in attached)
        {
            if (other.Session == command.Origin || (!hard && other.Member.UserId != member.UserId)
                || !other.Member.Mode.Has(AccessMode.Read | AccessMode.Presence))
            {
                continue;
            }

            other.Session.Send(FrameWriter.Write(new MsgPres
            {
                Topic = NameFor(other.Member.UserId),
                Src = actor,
                What = "del",
                Clear = delId,
                DelSeq = wire,
            }));
        }

        // Sessions not attached hear of it on me, with clear but no delseq: a hard delete goes to every member with
        // R+P, a soft one to the deleter's other sessions.
        foreach (var other in members.Values)
        {
            if (other.IsActive && (hard || other.UserId == member.UserId) && other.Mode.Has(AccessMode.Read | AccessMode.Presence))
            {
                SendPresToMe(other.UserId, "del", actor: member.UserId, skipAttached: true, skip: command.Origin, clear: delId);
            }
        }
    }

    /// <summary>Validates, clamps to the last seq, sorts and merges the ranges of a <c>{del msg}</c>.</summary>
    private static bool TryNormalizeRanges(MsgRange[]? delSeq, long lastSeq, out List<SeqRange> ranges)
    {
        ranges = [];
        if (delSeq is not { Length: > 0 })
        {
            return false;
        }

        foreach (var range in delSeq)
        {
            if (range.Low <= 0 || range.Low > lastSeq || range.Hi < 0 || (range.Hi != 0 && range.Hi <= range.Low))
            {
                return false;
            }

            var hi = range.Hi == 0 ? range.Low + 1 : Math.Min(range.Hi, lastSeq + 1);
            ranges.Add(new SeqRange(range.Low, hi));
        }

        ranges = SeqRanges.Merge(ranges);
        return true;
    }

    private async Task DeleteMemberAsync(DelCommand command, CancellationToken cancellationToken)
    {
        var requester = ActiveMember(command.Origin.User.Value);
        if (FindAttachment(command.Origin) is null)
        {
            Reply(command, CtrlCode.MustAttachFirst);
            return;
        }

        if (isP2P || requester is null || !requester.Mode.HasAny(AccessModes.Admin))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        if (!UserId.TryParse(command.Del.User, out var target))
        {
            Reply(command, CtrlCode.Malformed);
            return;
        }

        if (target.Value == requester.UserId || IsOwner(target.Value))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        if (ActiveMember(target.Value) is null)
        {
            Reply(command, CtrlCode.NoAction);
            return;
        }

        await UnsubscribeAsync(target.Value, null, cancellationToken);
        Reply(command, CtrlCode.Ok);
        NotifyAdmins(target.Value, members[target.Value].Sub with { Want = AccessMode.None, Given = AccessMode.None });
    }

    private async Task DeleteTopicAsync(DelCommand command, CancellationToken cancellationToken)
    {
        var userId = command.Origin.User.Value;
        var member = ActiveMember(userId);
        if (member is null)
        {
            Reply(command, CtrlCode.NoAction);
            return;
        }

        if (!IsOwner(userId))
        {
            // For everyone but the owner, deleting the topic means leaving it.
            await UnsubscribeAsync(userId, command.Origin, cancellationToken);
            Reply(command, CtrlCode.Ok);
            return;
        }

        await DestroyAsync(userId, command.Origin, cancellationToken);
        Reply(command, CtrlCode.Ok);
    }

    /// <summary>
    /// Deletes the topic: members get <c>{pres what:"gone"}</c> on <c>me</c> (except <paramref name="origin"/>),
    /// attached sessions are detached silently, and the actor unloads. <paramref name="actor"/> is null for the admin API.
    /// </summary>
    private async Task DestroyAsync(long? actor, ISubscriber? origin, CancellationToken cancellationToken)
    {
        // One transaction, a channel's readers' subscriptions (under the chn… name) included.
        await Store.Topics.DeleteAsync(Name, Fence, cancellationToken);

        Services.Log.Deleted(Name, actor is { } by ? new UserId(by).ToString() : "admin");
        Services.Events.TopicDeleted(Name, actor);
        foreach (var other in members.Values)
        {
            if (other.IsActive)
            {
                SendPresToMe(other.UserId, "gone", actor: actor, skip: origin is not null && other.UserId == actor ? origin : null);
            }
        }

        foreach (var attachment in attached)
        {
            attachment.Session.OnDetached(this);
        }

        attached.Clear();
        announcedOnline = false;
        Unload(RejectMissing);
    }
}
