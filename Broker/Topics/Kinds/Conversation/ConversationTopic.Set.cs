using Broker.Json;
using Broker.Protocol.Access;
using Broker.Protocol.Client;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary><c>{set}</c>: one reply per part present (desc, sub, tags).</summary>
internal partial class ConversationTopic
{
    private async Task HandleSetAsync(SetCommand command, CancellationToken cancellationToken)
    {
        var set = command.Set;
        if (set.Desc is null && set.Sub is null && set.Tags is null && set.Cred is null && set.Aux is null)
        {
            Reply(command, CtrlCode.Malformed);
            return;
        }

        var member = MemberFor(command.Origin.User.Value, command.Target.AsReader);
        if (member is null)
        {
            Reply(command, CtrlCode.NotFound);
            return;
        }

        if (set.Desc is not null)
        {
            await SetDescAsync(command, member, set.Desc, cancellationToken);
        }

        if (set.Sub is not null)
        {
            await SetSubAsync(command, member, set.Sub, cancellationToken);
        }

        if (set.Tags is not null)
        {
            await SetTagsAsync(command, member, set.Tags, cancellationToken);
        }

        if (set.Cred is not null)
        {
            Reply(command, CtrlCode.OperationNotAllowed);
        }

        if (set.Aux is { } aux)
        {
            await SetAuxAsync(command, member, aux, cancellationToken);
        }
    }

    private async Task SetDescAsync(SetCommand command, Member member, MsgSetDesc desc, CancellationToken cancellationToken)
    {
        var sharedChange = desc.Public is not null || desc.Trusted is not null || desc.DefAcs is not null;
        if (desc.Trusted is not null || (sharedChange && (isP2P || !IsOwner(member.UserId))))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        var now = Now();
        var changed = false;
        if (sharedChange)
        {
            var defaults = new DefaultAccess(topic!.DefaultAuth, topic.DefaultAnon);
            if (desc.DefAcs is not null && !TryParseTopicDefaults(desc.DefAcs, ref defaults))
            {
                Reply(command, CtrlCode.Malformed);
                return;
            }

            var updated = topic with
            {
                DefaultAuth = defaults.Auth,
                DefaultAnon = defaults.Anon,
                Public = desc.Public is { } pub ? JsonValues.Merge(topic.Public, pub) : topic.Public,
            };
            if (updated != topic)
            {
                topic = updated with { Updated = now };
                await Store.Topics.UpdateAsync(topic, Fence, cancellationToken);
                if (desc.Public is not null)
                {
                    await Files.AvatarLinks.UpdateAsync(Services, FileOwner.OfTopic(Name), topic.Public, cancellationToken);
                }

                changed = true;
                foreach (var other in members.Values)
                {
                    if (other.IsActive && other.Mode.Has(AccessMode.Join))
                    {
                        SendPresToMe(other.UserId, "upd", actor: member.UserId, skip: command.Origin);
                    }
                }
            }
        }

        if (desc.Private is { } priv)
        {
            var privateText = JsonValues.Merge(member.Sub.Private, priv);
            if (privateText != member.Sub.Private)
            {
                member.Sub = member.Sub with { Private = privateText, Updated = now };
                await Store.Subscriptions.UpsertAsync(member.Sub, Fence, cancellationToken);
                changed = true;
            }
        }

        Reply(command, changed ? CtrlCode.Ok : CtrlCode.NotModified);
    }

    private async Task SetSubAsync(SetCommand command, Member requester, MsgSetSub setSub, CancellationToken cancellationToken)
    {
        AccessMode? mode = null;
        if (!string.IsNullOrEmpty(setSub.Mode))
        {
            if (!AccessModes.TryParse(setSub.Mode, out var parsed))
            {
                Reply(command, CtrlCode.Malformed);
                return;
            }

            mode = parsed;
        }

        var self = requester.UserId;
        if (string.IsNullOrEmpty(setSub.User) || setSub.User == new UserId(self).ToString())
        {
            await SetOwnWantAsync(command, requester, mode, cancellationToken);
            return;
        }

        if (!UserId.TryParse(setSub.User, out var target))
        {
            Reply(command, CtrlCode.Malformed);
            return;
        }

        await SetOtherGivenAsync(command, requester, target.Value, mode, cancellationToken);
    }

    private async Task SetOwnWantAsync(SetCommand command, Member member, AccessMode? mode, CancellationToken cancellationToken)
    {
        var (error, changed) = await ChangeOwnModeAsync(member, mode, cancellationToken);
        if (error is { } code)
        {
            Reply(command, code);
            return;
        }

        if (!changed)
        {
            Reply(command, CtrlCode.NotModified);
            return;
        }

        Reply(command, CtrlCode.Ok, new CtrlParams { Acs = AccessInfo(member.Sub) });
        if (!member.Mode.Has(AccessMode.Join))
        {
            Evict(member.UserId, unsub: false);
        }
    }

    /// <summary>
    /// A member's request for its own mode ({set sub} without user, or {sub} on an existing subscription), as Tinode's
    /// thisUserSub: no mode keeps the want, except that it lifts a self-ban (want = given | default); the owner keeps J
    /// and O; O is wanted only when offered (then ownership moves); a group admin wanting admin-level access is given it,
    /// without D and O. Returns the refusal code, or whether the subscription changed (saved, sharers told).
    /// </summary>
    private async Task<(CtrlCode? Error, bool Changed)> ChangeOwnModeAsync(Member member, AccessMode? mode, CancellationToken cancellationToken)
    {
        var old = member.Sub;
        var want = old.Want;
        var given = old.Given;
        var isOwner = IsOwner(member.UserId);
        if (mode is { } requested)
        {
            if (isP2P)
            {
                want = (requested & AccessModes.P2PMask) | AccessMode.Approve;
            }
            else if (isOwner && !requested.Has(AccessMode.Join | AccessMode.Owner))
            {
                return (CtrlCode.PermissionDenied, false);
            }
            else if (!isOwner && requested.Has(AccessMode.Owner) && !given.Has(AccessMode.Owner))
            {
                return (CtrlCode.PermissionDenied, false);
            }
            else
            {
                if (given.HasAny(AccessModes.Admin) && requested.HasAny(AccessModes.Admin))
                {
                    given |= requested & ~(AccessMode.Delete | AccessMode.Owner);
                }

                want = requested;
            }
        }
        else if (!want.Has(AccessMode.Join))
        {
            var fallback = isP2P ? AccessModes.P2P : topic!.DefaultAuth;
            want = isP2P ? ((given | fallback) & AccessModes.P2PMask) | AccessMode.Approve : given | fallback;
        }

        if (want == old.Want && given == old.Given)
        {
            return (null, false);
        }

        var now = Now();
        member.Sub = old with { Want = want, Given = given, Updated = now };
        await Store.Subscriptions.UpsertAsync(member.Sub, Fence, cancellationToken);
        if (!isP2P && !isOwner && want.Has(AccessMode.Owner))
        {
            await TransferOwnershipAsync(member.UserId, now, cancellationToken);
        }

        NotifyAdmins(member.UserId, member.Sub);
        return (null, true);
    }

    /// <summary>The new owner accepted: the old owner keeps everything but O.</summary>
    private async Task TransferOwnershipAsync(long newOwner, DateTime now, CancellationToken cancellationToken)
    {
        var oldOwner = topic!.Owner;
        topic = topic with { Owner = newOwner, Updated = now };
        await Store.Topics.UpdateAsync(topic, Fence, cancellationToken);
        if (members.TryGetValue(oldOwner, out var previous))
        {
            var before = previous.Sub;
            previous.Sub = before with { Want = before.Want & ~AccessMode.Owner, Given = before.Given & ~AccessMode.Owner, Updated = now };
            await Store.Subscriptions.UpsertAsync(previous.Sub, Fence, cancellationToken);
            SendPresToMe(oldOwner, "acs", actor: newOwner, dacs: new MsgAccessModeInfo
            {
                Want = AccessModes.Delta(before.Want, previous.Sub.Want),
                Given = AccessModes.Delta(before.Given, previous.Sub.Given),
            });
        }
    }

    private async Task SetOtherGivenAsync(SetCommand command, Member requester, long targetId, AccessMode? mode, CancellationToken cancellationToken)
    {
        if (isP2P)
        {
            await SetPeerGivenAsync(command, requester, targetId, mode, cancellationToken);
            return;
        }

        if (!requester.Mode.HasAny(AccessModes.Sharer))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        var isAdmin = requester.Mode.HasAny(AccessModes.Admin);
        if ((mode is not null && !isAdmin) || (mode is { } m && m.Has(AccessMode.Owner) && !IsOwner(requester.UserId)))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        var now = Now();
        members.TryGetValue(targetId, out var target);
        if (target is { IsActive: true })
        {
            if (IsOwner(targetId))
            {
                Reply(command, CtrlCode.PermissionDenied);
                return;
            }

            // No mode re-sends the invitation with the mode already given.
            var given = mode ?? target.Sub.Given;
            if (given == target.Sub.Given)
            {
                Reply(command, CtrlCode.NotModified);
                return;
            }

            var before = target.Sub;
            target.Sub = before with { Given = given, Updated = now };
            await Store.Subscriptions.UpsertAsync(target.Sub, Fence, cancellationToken);
            ReplyGiven(command, target, targetId);
            Services.Events.SubscriptionChanged(Name, target.Sub, "updated");
            SendPresToMe(targetId, "acs", actor: requester.UserId, dacs: new MsgAccessModeInfo
            {
                Given = AccessModes.Delta(before.Given, given),
            });
            NotifyAdmins(targetId, target.Sub);
            if (!given.Has(AccessMode.Join))
            {
                Evict(targetId, unsub: false);
            }

            return;
        }

        // An invitation: a new (or re-activated) subscription.
        if (ActiveMemberCount >= Services.Options.MaxSubscriberCount)
        {
            Reply(command, CtrlCode.PolicyViolation);
            return;
        }

        var user = await Store.Users.GetAsync(targetId, cancellationToken);
        if (user is null || user.State == UserState.Deleted)
        {
            Reply(command, CtrlCode.UserNotFound);
            return;
        }

        if (user.State != UserState.Ok)
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        // J is added to the default only: an explicit mode is given as is, so a mode without J is a ban in advance.
        var invitedGiven = mode ?? (topic!.DefaultAuth | AccessMode.Join);
        var want = target?.Sub.Want ?? (user.DefaultAuth & invitedGiven);
        if (!want.Has(AccessMode.Join))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        var sub = ActiveSubscription(targetId, target?.Sub, want & ~AccessMode.Owner, invitedGiven, now);
        await Store.Subscriptions.UpsertAsync(sub, Fence, cancellationToken);
        target ??= new Member(sub);
        target.Sub = sub;
        members[targetId] = target;
        ReplyGiven(command, target, targetId);
        Services.Events.SubscriptionChanged(Name, sub, "subscribed");
        SendPresToMe(targetId, "acs", actor: requester.UserId, dacs: new MsgAccessModeInfo
        {
            Want = AccessModes.Format(sub.Want),
            Given = AccessModes.Format(sub.Given),
        });
        NotifyAdmins(targetId, sub);
    }

    private static void ReplyGiven(SetCommand command, Member target, long targetId) =>
        Reply(command, CtrlCode.Ok, new CtrlParams { Acs = AccessInfo(target.Sub), User = new UserId(targetId).ToString() });

    private async Task SetTagsAsync(SetCommand command, Member member, string[] tags, CancellationToken cancellationToken)
    {
        if (isP2P)
        {
            Reply(command, CtrlCode.OperationNotAllowed);
            return;
        }

        if (!IsOwner(member.UserId))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        var change = await Services.Tags.EvaluateAsync(topic!.Tags, tags, Store.Tags, cancellationToken);
        if (change.Code != CtrlCode.Ok)
        {
            Reply(command, change.Code);
            return;
        }

        topic = topic with { Tags = change.Tags, Updated = Now() };
        await Store.Topics.UpdateAsync(topic, Fence, cancellationToken);
        Reply(command, CtrlCode.Ok, change.Params);

        // As Tinode: the owner's other sessions attached here learn that the tags changed.
        var frame = FrameWriter.Write(new MsgPres { Topic = Name, Src = Name, What = "tags" });
        foreach (var attachment in attached)
        {
            if (attachment.Session != command.Origin && attachment.Member.UserId == member.UserId)
            {
                attachment.Session.Send(frame);
            }
        }
    }
}
