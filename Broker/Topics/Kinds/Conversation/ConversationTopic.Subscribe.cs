using Broker.Auth;
using Broker.Json;
using Broker.Protocol.Access;
using Broker.Protocol.Client;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary><c>{sub}</c> (create, subscribe, attach) and <c>{leave}</c>.</summary>
internal partial class ConversationTopic
{
    private async Task HandleSubscribeAsync(SubscribeCommand command, CancellationToken cancellationToken)
    {
        var session = command.Origin;
        var userId = session.User.Value;
        if (FindAttachment(session) is not null)
        {
            Reply(command, CtrlCode.AlreadySubscribed);
            return;
        }

        if (!MayAttach(command))
        {
            return;
        }

        AccessMode? requestedWant = null;
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

                requestedWant = parsed;
            }
        }

        CtrlParams? replyParams;
        Member member;
        if (pendingCreate)
        {
            var created = await CreateOnSubscribeAsync(command, requestedWant, cancellationToken);
            if (created is null)
            {
                return;
            }

            member = created;
            replyParams = new CtrlParams { Acs = AccessInfo(member.Sub), TmpName = isP2P || command.Sub.Topic == Name ? null : command.Sub.Topic };
        }
        else
        {
            var joined = await JoinAsync(command, requestedWant, cancellationToken);
            if (joined.Member is null)
            {
                return;
            }

            member = joined.Member;
            replyParams = joined.Changed ? new CtrlParams { Acs = AccessInfo(member.Sub) } : null;
        }

        // The {ctrl} goes first and the presence the attachment triggers after it, as Tinode's subscriptionReply queues
        // them: the web app crashes on a group's {pres on} on me that arrives before the {ctrl} that names the group.
        Reply(command, CtrlCode.Ok, replyParams);
        Attach(session, member);
        if (command.Sub.Get is { } query)
        {
            await ReplyGetAsync(session, command.Sub.Id, command.Target.ClientName, query, isAttached: true, cancellationToken);
        }
    }

    private async Task<Member?> CreateGroupAsync(SubscribeCommand command, AccessMode? requestedWant, CancellationToken cancellationToken)
    {
        var desc = command.Sub.Set?.Desc;
        var defaults = new DefaultAccess(DefaultMemberAccess(command.Target.IsChannel), AccessMode.None);
        if (desc?.DefAcs is { } defacs && !TryParseTopicDefaults(defacs, ref defaults))
        {
            Reply(command, CtrlCode.Malformed);
            return null;
        }

        if (desc?.Trusted is not null)
        {
            Reply(command, CtrlCode.PermissionDenied);
            return null;
        }

        if (!TagRules.TryNormalize(command.Sub.Set?.Tags, Services.Options.MaxTagCount, out var tags))
        {
            Reply(command, CtrlCode.Malformed);
            return null;
        }

        if (!Services.Tags.MayAssign(tags))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return null;
        }

        var owner = command.Origin.User.Value;
        if (!await MayTakeAnotherTopicAsync(command, owner, cancellationToken))
        {
            return null;
        }

        var now = Now();
        var record = new TopicRecord
        {
            Name = Name,
            Created = now,
            Updated = now,
            Touched = now,
            Owner = owner,
            DefaultAuth = defaults.Auth,
            DefaultAnon = defaults.Anon,
            Public = desc?.Public is { } pub ? JsonValues.Merge(null, pub) : null,
            Tags = tags,
            IsChannel = command.Target.IsChannel,
        };
        var sub = new SubscriptionRecord
        {
            Topic = Name,
            UserId = owner,
            Created = now,
            Updated = now,
            Want = (requestedWant ?? AccessModes.Full) | AccessMode.Join | AccessMode.Owner,
            Given = AccessModes.Full,
            Private = desc?.Private is { } priv ? JsonValues.Merge(null, priv) : null,
        };
        await CreateTopicAsync(record, [sub], command.Origin.User.ToString(), cancellationToken);
        if (record.Public is not null)
        {
            await Files.AvatarLinks.UpdateAsync(Services, FileOwner.OfTopic(Name), record.Public, cancellationToken);
        }

        return members[owner];
    }

    private async Task<Member?> CreateP2PAsync(SubscribeCommand command, AccessMode? requestedWant, CancellationToken cancellationToken)
    {
        var self = command.Origin.User;
        var peer = TopicNames.P2PPeer(Name, self);
        var users = await Store.Users.GetManyAsync([self.Value, peer.Value], cancellationToken);
        var selfUser = users.FirstOrDefault(u => u.Id == self.Value);
        var peerUser = users.FirstOrDefault(u => u.Id == peer.Value);
        if (peerUser is null || peerUser.State == UserState.Deleted || selfUser is null)
        {
            Reply(command, CtrlCode.UserNotFound);
            return null;
        }

        // What each side is given comes from the other side's account defaults.
        var givenToPeer = selfUser.DefaultAuth;
        if (command.Sub.Set?.Desc?.DefAcs is { } defacs)
        {
            var auth = givenToPeer;
            var anon = AccessMode.None;
            if (!AccountService.TryParseUserDefaults(defacs, ref auth, ref anon))
            {
                Reply(command, CtrlCode.Malformed);
                return null;
            }

            givenToPeer = auth;
        }

        if (!await MayTakeAnotherTopicAsync(command, self.Value, cancellationToken))
        {
            return null;
        }

        var givenToSelf = (peerUser.DefaultAuth & AccessModes.P2PMask) | (peerUser.DefaultAuth == AccessMode.None ? AccessMode.None : AccessMode.Approve);
        if (!givenToSelf.Has(AccessMode.Join))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return null;
        }

        var now = Now();
        var selfSub = new SubscriptionRecord
        {
            Topic = Name,
            UserId = self.Value,
            Created = now,
            Updated = now,
            Want = ((requestedWant ?? AccessModes.P2P) & AccessModes.P2PMask) | AccessMode.Join | AccessMode.Approve,
            Given = givenToSelf,
            Private = command.Sub.Set?.Desc?.Private is { } priv ? JsonValues.Merge(null, priv) : null,
        };
        var peerSub = new SubscriptionRecord
        {
            Topic = Name,
            UserId = peer.Value,
            Created = now,
            Updated = now,
            Want = peerUser.DefaultAuth & AccessModes.P2PMask | AccessMode.Approve,
            Given = (givenToPeer & AccessModes.P2PMask) | AccessMode.Approve,
        };
        var record = new TopicRecord { Name = Name, Created = now, Updated = now, Touched = now };
        try
        {
            await Store.Topics.CreateAsync(record, [selfSub, peerSub], cancellationToken);
        }
        catch (DuplicateKeyException)
        {
            // Another node created it first: load what it stored.
            pendingCreate = false;
            await LoadAsync(cancellationToken);
            var joined = await JoinAsync(command, requestedWant, cancellationToken);
            return joined.Member;
        }

        topic = record;
        pendingCreate = false;
        await ClaimEpochAsync(cancellationToken);
        p2pUsers[selfUser.Id] = selfUser;
        p2pUsers[peerUser.Id] = peerUser;
        var member = new Member(selfSub);
        members[self.Value] = member;
        members[peer.Value] = new Member(peerSub);
        Services.Events.SubscriptionChanged(Name, selfSub, "subscribed");
        Services.Events.SubscriptionChanged(Name, peerSub, "subscribed");
        SendPresToMe(peer.Value, "acs", actor: self.Value, dacs: new MsgAccessModeInfo
        {
            Want = AccessModes.Format(peerSub.Want),
            Given = AccessModes.Format(peerSub.Given),
        });
        return member;
    }

    /// <summary>Subscribes an existing topic (or re-subscribes after leaving); Member null when refused (already replied).</summary>
    private async Task<(Member? Member, bool Changed)> JoinAsync(SubscribeCommand command, AccessMode? requestedWant, CancellationToken cancellationToken)
    {
        var userId = command.Origin.User.Value;
        members.TryGetValue(userId, out var member);
        var now = Now();
        var changed = false;
        if (member is { IsActive: true })
        {
            var (error, modeChanged) = await ChangeOwnModeAsync(member, requestedWant, cancellationToken);
            if (error is { } code)
            {
                Reply(command, code);
                return (null, false);
            }

            changed = modeChanged;
        }
        else
        {
            if (!isP2P && ActiveMemberCount >= Services.Options.MaxSubscriberCount)
            {
                Reply(command, CtrlCode.PolicyViolation);
                return (null, false);
            }

            if (!await MayTakeAnotherTopicAsync(command, userId, cancellationToken))
            {
                return (null, false);
            }

            var given = member?.Sub.Given ?? (isP2P ? AccessModes.P2P : topic!.DefaultAuth);
            if (!given.Has(AccessMode.Join))
            {
                Reply(command, CtrlCode.PermissionDenied);
                return (null, false);
            }

            var want = requestedWant ?? (isP2P ? AccessModes.P2P : given);
            if (isP2P)
            {
                want = (want & AccessModes.P2PMask) | AccessMode.Approve;
            }
            else
            {
                want &= ~AccessMode.Owner;
            }

            var sub = ActiveSubscription(userId, member?.Sub, want, given, now);
            await Store.Subscriptions.UpsertAsync(sub, Fence, cancellationToken);
            member ??= new Member(sub);
            member.Sub = sub;
            members[userId] = member;
            changed = true;
            NotifyAdmins(userId, sub);
            Services.Events.SubscriptionChanged(Name, sub, "subscribed");
        }

        if (command.Sub.Set?.Desc?.Private is { } priv)
        {
            member.Sub = member.Sub with { Private = JsonValues.Merge(member.Sub.Private, priv), Updated = now };
            await Store.Subscriptions.UpsertAsync(member.Sub, Fence, cancellationToken);
        }

        if (!member.Mode.Has(AccessMode.Join))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return (null, false);
        }

        return (member, changed);
    }

    /// <summary>Tells the sharers attached to the topic that a member's access changed.</summary>
    private void NotifyAdmins(long target, SubscriptionRecord sub)
    {
        if (isP2P)
        {
            return;
        }

        byte[]? frame = null;
        foreach (var attachment in attached)
        {
            if (attachment.Member.UserId == target || !attachment.Member.Mode.HasAny(AccessModes.Sharer))
            {
                continue;
            }

            frame ??= Protocol.Json.FrameWriter.Write(new MsgPres
            {
                Topic = Name,
                Src = new UserId(target).ToString(),
                What = "acs",
                Dacs = new MsgAccessModeInfo { Want = AccessModes.Format(sub.Want), Given = AccessModes.Format(sub.Given) },
            });
            attachment.Session.Send(frame);
        }
    }

    private async Task HandleLeaveAsync(LeaveCommand command, CancellationToken cancellationToken)
    {
        var session = command.Origin;
        if (FindAttachment(session) is null)
        {
            Reply(command, command.Leave.Unsub ? CtrlCode.MustAttachFirst : CtrlCode.NotJoined);
            return;
        }

        if (!command.Leave.Unsub)
        {
            Detach(session);
            Reply(command, CtrlCode.Ok);
            return;
        }

        var userId = session.User.Value;
        if (IsOwner(userId))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        await UnsubscribeAsync(userId, session, cancellationToken);
        Reply(command, CtrlCode.Ok);
    }

    /// <summary>Deletes the user's subscription, evicts the user's other sessions and drops an abandoned p2p topic.</summary>
    private async Task UnsubscribeAsync(long userId, ISubscriber? origin, CancellationToken cancellationToken)
    {
        var now = Now();
        await Store.Subscriptions.SoftDeleteAsync(Name, userId, now, Fence, cancellationToken);
        if (members.TryGetValue(userId, out var member))
        {
            member.Sub = member.Sub with { Deleted = now, Updated = now };
            Services.Events.SubscriptionChanged(Name, member.Sub, "removed");
        }

        if (origin is not null)
        {
            Detach(origin);
        }

        Evict(userId, unsub: true);
        SendPresToMe(userId, "gone", skip: origin);
        if (isP2P && ActiveMemberCount == 0)
        {
            await Store.Topics.DeleteAsync(Name, Fence, cancellationToken);
            Unload(RejectMissing);
        }
    }

    internal static bool TryParseTopicDefaults(MsgDefaultAcs defacs, ref DefaultAccess defaults)
    {
        var auth = defaults.Auth;
        var anon = defaults.Anon;
        if (!string.IsNullOrEmpty(defacs.Auth) && !AccessModes.TryParse(defacs.Auth, out auth))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(defacs.Anon) && !AccessModes.TryParse(defacs.Anon, out anon))
        {
            return false;
        }

        if ((auth | anon).Has(AccessMode.Owner))
        {
            return false;
        }

        defaults = new DefaultAccess(auth, anon);
        return true;
    }
}
