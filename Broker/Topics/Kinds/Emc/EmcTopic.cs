using Broker.Emc;
using Broker.Protocol.Access;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// An external message channel topic (<c>emc…</c>): a group whose messages come from and go to an SMS or WhatsApp
/// gateway. Either a user's own (<c>emc</c> + the user id's 11 characters; its owner is that user, created on the
/// user's first <c>{sub}</c> or first inbound message) or an emc group created by the server API (no owner, its
/// members are the agents of a ring group or queue). Nobody else may join: the default access is none. Everything
/// else is the group machinery of <see cref="ConversationTopic"/>; this class adds the gateway's side.
/// </summary>
internal sealed partial class EmcTopic : ConversationTopic
{
    private readonly EmcServices emc;

    public EmcTopic(string name, bool isNew, Hub hub, TopicServices services, EmcServices emc)
        : base(name, TopicCategory.Emc, isNew, hub, services)
    {
        this.emc = emc;
    }

    /// <summary>True for a user's own emc topic (its owner is the user), false for an emc group.</summary>
    private bool IsUserTopic => Record is { Owner: not 0 };

    /// <summary>A user's emc topic comes into being on first use; an emc group only through the server API.</summary>
    protected override async Task<bool> CreatesOnDemandAsync(CancellationToken cancellationToken) =>
        TopicNames.TryParseEmcUser(Name, out var user)
        && await Store.Users.GetAsync(user.Value, cancellationToken) is { State: not UserState.Deleted };

    protected override async Task<Member?> CreateOnSubscribeAsync(SubscribeCommand command, AccessMode? requestedWant, CancellationToken cancellationToken)
    {
        if (TopicNames.EmcName(command.Origin.User) != Name)
        {
            Reply(command, CtrlCode.PermissionDenied);
            return null;
        }

        await CreateUserTopicAsync(command.Origin.User.Value, cancellationToken);
        return FindActiveMember(command.Origin.User.Value);
    }

    /// <summary>A client is told 403 for an emc topic that is neither its own nor a group it is in, existing or not.</summary>
    protected override void RejectMissing(TopicCommand command)
    {
        if (command is SubscribeCommand or GetCommand or SetCommand or DelCommand)
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        base.RejectMissing(command);
    }

    protected override Task HandleAsync(TopicCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case AdminEmcInboundCommand inbound:
                return HandleInboundAsync(inbound, cancellationToken);
            case AdminEmcStatusCommand status:
                return HandleStatusAsync(status, cancellationToken);
            case SubscribeCommand subscribe when !IsPendingCreate && FindActiveMember(subscribe.Origin.User.Value) is null:
                // Only members attach: a removed agent's old grant does not let them back in.
                Reply(command, CtrlCode.PermissionDenied);
                return Task.CompletedTask;
            case DelCommand { Del.What: "topic" }:
                // An emc topic goes away with its user or through the server API, never by a client's request.
                Reply(command, CtrlCode.OperationNotAllowed);
                return Task.CompletedTask;
            case SetCommand { Set.Desc: { } desc } when desc.DefAcs is not null || desc.Trusted is not null:
                // Default access would open the topic to everyone; it stays "nobody".
                Reply(command, CtrlCode.PermissionDenied);
                return Task.CompletedTask;
            case AdminSetMemberCommand or AdminRemoveMemberCommand when IsPendingCreate || IsUserTopic:
                ((AdminCommand)command).Fail(409, "members can be managed in emc groups only");
                return Task.CompletedTask;
            default:
                return base.HandleAsync(command, cancellationToken);
        }
    }

    private async Task CreateUserTopicAsync(long userId, CancellationToken cancellationToken)
    {
        var now = Now();
        var record = new TopicRecord
        {
            Name = Name,
            Created = now,
            Updated = now,
            Touched = now,
            Owner = userId,
            DefaultAuth = AccessMode.None,
            DefaultAnon = AccessMode.None,
        };
        var sub = new SubscriptionRecord
        {
            Topic = Name,
            UserId = userId,
            Created = now,
            Updated = now,
            Want = EmcAccess.Own,
            Given = EmcAccess.Own,
        };
        await CreateTopicAsync(record, [sub], new UserId(userId).ToString(), cancellationToken);
    }
}
