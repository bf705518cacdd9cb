using Broker.Protocol.Access;
using Broker.Protocol.Names;
using Broker.Protocol.Server;

namespace Broker.Topics;

/// <summary>
/// <c>{set sub:{user:&lt;peer&gt;, mode}}</c> in a p2p topic: each side gives the other its access, as Tinode's
/// anotherUserSub does. Taking W stops the peer's <c>{pub}</c> (403), taking P stops the presence it gets; the given
/// mode is masked to p2p's bits and always keeps A, so the peer can give back in turn.
/// </summary>
internal partial class ConversationTopic
{
    private async Task SetPeerGivenAsync(SetCommand command, Member requester, long targetId, AccessMode? mode, CancellationToken cancellationToken)
    {
        var target = ActiveMember(targetId);
        if (!requester.Mode.Has(AccessMode.Approve) || targetId == requester.UserId || !TopicNames.TryParseP2P(Name, out var a, out var b)
            || (a.Value != targetId && b.Value != targetId))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        if (target is null)
        {
            Reply(command, CtrlCode.UserNotFound);
            return;
        }

        var given = mode is { } requested ? (requested & AccessModes.P2PMask) | AccessMode.Approve : target.Sub.Given;
        if (given == target.Sub.Given)
        {
            Reply(command, CtrlCode.NotModified);
            return;
        }

        var before = target.Sub;
        target.Sub = before with { Given = given, Updated = Now() };
        await Store.Subscriptions.UpsertAsync(target.Sub, Fence, cancellationToken);
        ReplyGiven(command, target, targetId);
        Services.Events.SubscriptionChanged(Name, target.Sub, "updated");
        SendPresToMe(targetId, "acs", actor: requester.UserId, dacs: new MsgAccessModeInfo { Given = AccessModes.Delta(before.Given, given) });
        if (!given.Has(AccessMode.Join))
        {
            Evict(targetId, unsub: false);
        }
    }
}
