using System.Net.WebSockets;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Sessions;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// Deletes a user: every topic the user is in drops the subscription through its own actor (p2p topics and groups
/// the user owns are deleted, with <c>{pres what:"gone"}</c> to the others), then the account and its credentials go
/// (so its tokens stop working), then the user's other sessions are evicted.
/// </summary>
internal sealed class AccountDeletion(StorageBackend store, ITopicRouter router, SessionRegistry sessions, TimeProvider clock)
{
    private static readonly TimeSpan TopicTimeout = TimeSpan.FromSeconds(30);

    // requester: the session that asked (answered and closed by its caller), or null for the server API.
    public async Task DeleteAsync(UserId user, ISubscriber? requester, CancellationToken cancellationToken)
    {
        foreach (var sub in await store.Subscriptions.GetForUserAsync(user.Value, includeDeleted: false, cancellationToken))
        {
            if (sub.Topic.StartsWith(TopicNames.ChannelPrefix, StringComparison.Ordinal))
            {
                // A channel reader is no member: nothing in the channel refers to it but its own subscription, which the
                // server drops here itself, not through the channel's actor, so unfenced.
                await store.Subscriptions.SoftDeleteAsync(sub.Topic, user.Value, Protocol.Json.TimestampConverter.Truncate(clock.GetUtcNow().UtcDateTime), fence: null, cancellationToken);
                continue;
            }

            // Through the router: in a cluster the topic's one owner drops the subscription, wherever it lives.
            await router.DeleteUserAsync(sub.Topic, user.Value, cancellationToken).WaitAsync(TopicTimeout, cancellationToken);
        }

        await store.Users.DeleteAsync(user.Value, cancellationToken);
        foreach (var session in sessions.OfUser(user.Value))
        {
            if (session != requester)
            {
                Evict(session);
            }
        }

        await router.EvictUserElsewhereAsync(user.Value);
    }

    public static void Evict(ISubscriber session)
    {
        session.Reply(null, null, CtrlCode.Evicted);
        session.CloseAfterFlush(WebSocketCloseStatus.NormalClosure, "account deleted");
    }
}
