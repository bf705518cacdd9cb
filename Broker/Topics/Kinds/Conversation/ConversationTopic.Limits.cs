using Broker.Protocol.Names;
using Broker.Protocol.Server;

namespace Broker.Topics;

/// <summary>Per-session and per-user caps checked when subscribing.</summary>
internal partial class ConversationTopic
{
    /// <summary>False (and answered 422) when the session is attached to as many topics as it may be.</summary>
    private static bool MayAttach(SubscribeCommand command)
    {
        if (command.Origin.CanAttachAnother)
        {
            return true;
        }

        Reply(command, CtrlCode.PolicyViolation);
        return false;
    }

    /// <summary>False (and answered 422) when <paramref name="userId"/> already holds as many group and p2p subscriptions as allowed.</summary>
    private async Task<bool> MayTakeAnotherTopicAsync(TopicCommand command, long userId, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var sub in await Store.Subscriptions.GetForUserAsync(userId, includeDeleted: false, cancellationToken))
        {
            if (sub.Topic.StartsWith(TopicNames.GroupPrefix, StringComparison.Ordinal)
                || sub.Topic.StartsWith(TopicNames.P2PPrefix, StringComparison.Ordinal))
            {
                count++;
            }
        }

        if (count < Services.Options.MaxTopicsPerUser)
        {
            return true;
        }

        Reply(command, CtrlCode.PolicyViolation);
        return false;
    }
}
