using Broker.Admin;
using Broker.Protocol.Access;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// The admin API's requests (<see cref="AdminCommand"/>): they run in the topic's loop like a client's request, so
/// the actor's state and the store never disagree. Inputs were validated by the endpoint; what depends on the
/// topic's state (membership, ownership, capacity) is checked here.
/// </summary>
internal partial class ConversationTopic
{
    private async Task HandleAdminAsync(AdminCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case AdminGetTopicCommand get:
                get.Complete(200, DescribeForAdmin());
                break;
            case AdminCreateGroupCommand create:
                await AdminCreateGroupAsync(create, cancellationToken);
                break;
            case AdminSetMemberCommand set:
                await AdminSetMemberAsync(set, cancellationToken);
                break;
            case AdminRemoveMemberCommand remove:
                await AdminRemoveMemberAsync(remove, cancellationToken);
                break;
            case AdminDeleteTopicCommand delete:
                await DestroyAsync(null, null, cancellationToken);
                delete.Complete(204);
                break;
            case AdminPublishCommand publish:
                await AdminPublishAsync(publish, cancellationToken);
                break;
            default:
                command.Fail(CtrlCode.OperationNotAllowed);
                break;
        }
    }

    private TopicView DescribeForAdmin()
    {
        var view = new List<MemberView>();
        foreach (var member in members.Values)
        {
            if (member.IsActive)
            {
                view.Add(ViewOf(member));
            }
        }

        return new TopicView
        {
            Name = Name,
            Created = topic!.Created,
            Updated = topic.Updated,
            Touched = topic.Touched,
            Owner = isP2P || topic.Owner == 0 ? null : new UserId(topic.Owner).ToString(),
            Public = RawJson.From(topic.Public),
            Trusted = RawJson.From(topic.Trusted),
            DefAcs = isP2P ? null : new DefaultAccessView { Auth = AccessModes.Format(topic.DefaultAuth), Anon = AccessModes.Format(topic.DefaultAnon) },
            Tags = topic.Tags,
            Seq = topic.Seq,
            Members = view,
        };
    }

    private static MemberView ViewOf(Member member) => new()
    {
        User = new UserId(member.UserId).ToString(),
        Want = AccessModes.Format(member.Sub.Want),
        Given = AccessModes.Format(member.Sub.Given),
        Mode = AccessModes.Format(member.Mode),
        Read = member.Sub.ReadSeq,
        Recv = Math.Max(member.Sub.RecvSeq, member.Sub.ReadSeq),
        Online = member.AttachedSessions > 0,
    };

    private async Task AdminCreateGroupAsync(AdminCreateGroupCommand command, CancellationToken cancellationToken)
    {
        if (!pendingCreate || isP2P)
        {
            command.Fail(409, "topic already exists");
            return;
        }

        if (command.Members.Count + 1 > Services.Options.MaxSubscriberCount)
        {
            command.Fail(422, "too many members");
            return;
        }

        var now = Now();
        var record = new TopicRecord
        {
            Name = Name,
            Created = now,
            Updated = now,
            Touched = now,
            Owner = command.Owner,
            DefaultAuth = command.Defaults.Auth,
            DefaultAnon = command.Defaults.Anon,
            Public = command.Public,
            Tags = command.Tags,
        };
        // An ownerless group (owner 0: an emc group) has only the listed members.
        var subs = new List<SubscriptionRecord>();
        if (command.Owner != 0)
        {
            subs.Add(new() { Topic = Name, UserId = command.Owner, Created = now, Updated = now, Want = AccessModes.Full, Given = AccessModes.Full });
        }

        foreach (var (user, mode) in command.Members)
        {
            if (user != command.Owner)
            {
                subs.Add(new SubscriptionRecord { Topic = Name, UserId = user, Created = now, Updated = now, Want = mode, Given = mode });
            }
        }

        await CreateTopicAsync(record, subs, "admin", cancellationToken);
        foreach (var sub in subs)
        {
            SendPresToMe(sub.UserId, "acs", dacs: new MsgAccessModeInfo { Want = AccessModes.Format(sub.Want), Given = AccessModes.Format(sub.Given) });
        }

        command.Complete(201, DescribeForAdmin());
    }

    private async Task AdminSetMemberAsync(AdminSetMemberCommand command, CancellationToken cancellationToken)
    {
        if (isP2P)
        {
            command.Fail(CtrlCode.OperationNotAllowed);
            return;
        }

        if (IsOwner(command.User))
        {
            command.Fail(409, "the owner's access cannot be changed");
            return;
        }

        var now = Now();
        members.TryGetValue(command.User, out var member);
        var isNew = member is not { IsActive: true };
        if (isNew && ActiveMemberCount >= Services.Options.MaxSubscriberCount)
        {
            command.Fail(CtrlCode.PolicyViolation);
            return;
        }

        var mode = command.Mode ?? (topic!.DefaultAuth | AccessMode.Join);
        var before = member?.Sub;
        var sub = isNew
            ? ActiveSubscription(command.User, before, mode, mode, now)
            : before! with { Given = mode, Updated = now };
        await Store.Subscriptions.UpsertAsync(sub, Fence, cancellationToken);
        member ??= new Member(sub);
        member.Sub = sub;
        members[command.User] = member;
        Services.Events.SubscriptionChanged(Name, sub, isNew ? "subscribed" : "updated");
        SendPresToMe(command.User, "acs", dacs: isNew
            ? new MsgAccessModeInfo { Want = AccessModes.Format(sub.Want), Given = AccessModes.Format(sub.Given) }
            : new MsgAccessModeInfo { Given = AccessModes.Delta(before!.Given, sub.Given) });
        NotifyAdmins(command.User, sub);
        if (!member.Mode.Has(AccessMode.Join))
        {
            Evict(command.User, unsub: false);
        }

        command.Complete(isNew ? 201 : 200, ViewOf(member));
    }

    private async Task AdminRemoveMemberAsync(AdminRemoveMemberCommand command, CancellationToken cancellationToken)
    {
        if (isP2P)
        {
            command.Fail(CtrlCode.OperationNotAllowed);
            return;
        }

        if (IsOwner(command.User))
        {
            command.Fail(409, "the owner cannot be removed; delete the topic instead");
            return;
        }

        if (ActiveMember(command.User) is null)
        {
            command.Fail(404, "not a member");
            return;
        }

        await UnsubscribeAsync(command.User, null, cancellationToken);
        NotifyAdmins(command.User, members[command.User].Sub with { Want = AccessMode.None, Given = AccessMode.None });
        command.Complete(204);
    }

    private async Task AdminPublishAsync(AdminPublishCommand command, CancellationToken cancellationToken)
    {
        if (command.From != 0 && !command.FromIsSystem && ActiveMember(command.From) is null)
        {
            command.Fail(403, "the sender is not a member of the topic");
            return;
        }

        var now = Now();
        var seq = (await AppendOneAsync(new MessageDraft(command.From, now, command.Head, command.Content), cancellationToken)).Seq;
        command.Complete(202, new PublishedView(Name, seq, now));
    }
}
