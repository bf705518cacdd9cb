using Broker.Protocol.Names;
using Broker.Protocol.Server;

namespace Broker.Topics;

/// <summary>Maps a topic name sent by a client to the topic that serves it.</summary>
internal static class TopicRouting
{
    /// <summary>
    /// Resolves <paramref name="name"/> for <paramref name="self"/>; <c>new…</c> names are accepted only when
    /// <paramref name="mayCreate"/>. On failure <paramref name="error"/> is the reply code.
    /// </summary>
    public static bool TryResolve(string? name, UserId self, bool mayCreate, out TopicTarget target, out CtrlCode error)
    {
        target = null!;
        error = default;
        if (string.IsNullOrEmpty(name))
        {
            error = CtrlCode.Malformed;
            return false;
        }

        if (name == TopicNames.Sys)
        {
            // One topic for everyone: reports are published to it without a subscription.
            target = new TopicTarget(TopicNames.Sys, TopicCategory.Sys, TopicNames.Sys);
            return true;
        }

        switch (TopicNames.CategoryOf(name))
        {
            case TopicCategory.Me:
                target = new TopicTarget(self.ToString(), TopicCategory.Me, TopicNames.Me);
                return true;
            case TopicCategory.P2P:
                return TryResolveP2P(name, self, out target, out error);
            case TopicCategory.Group when name.StartsWith(TopicNames.NewGroupPrefix, StringComparison.Ordinal):
                if (!mayCreate)
                {
                    error = CtrlCode.TopicNotFound;
                    return false;
                }

                var fresh = TopicNames.NewGroupName();
                target = new TopicTarget(fresh, TopicCategory.Group, fresh, IsNew: true);
                return true;
            case TopicCategory.Group when TopicNames.IsValidGroupName(name):
                target = new TopicTarget(name, TopicCategory.Group, name);
                return true;
            case TopicCategory.Emc when TopicNames.IsValidEmcName(name):
                // Whose emc topic it is (the user's own, another user's, a group's) only the topic can tell.
                target = new TopicTarget(name, TopicCategory.Emc, name);
                return true;
            case TopicCategory.Fnd:
                // One fnd topic per user, as Tinode's uid.FndName(): the sessions of a user share it.
                target = new TopicTarget(FndTopic.NameOf(self), TopicCategory.Fnd, TopicNames.Fnd);
                return true;
            case TopicCategory.Channel when name.StartsWith(TopicNames.NewChannelPrefix, StringComparison.Ordinal):
                if (!mayCreate)
                {
                    error = CtrlCode.TopicNotFound;
                    return false;
                }

                var channel = TopicNames.NewGroupName();
                target = new TopicTarget(channel, TopicCategory.Group, channel, IsNew: true, IsChannel: true);
                return true;
            case TopicCategory.Channel when TopicNames.IsValidChannelName(name):
                // A reader of a group that is also a channel: the group's actor serves it.
                target = new TopicTarget(TopicNames.ChannelToGroup(name), TopicCategory.Group, name);
                return true;
            case TopicCategory.Slf:
                // The user's own saved messages: only its owner can name it.
                target = new TopicTarget(TopicNames.SlfName(self), TopicCategory.Slf, TopicNames.Slf);
                return true;
            case TopicCategory.Sys:
                error = CtrlCode.NotImplemented;
                return false;
            default:
                error = CtrlCode.TopicNotFound;
                return false;
        }
    }

    private static bool TryResolveP2P(string name, UserId self, out TopicTarget target, out CtrlCode error)
    {
        target = null!;
        error = default;
        UserId peer;
        if (name.StartsWith(UserId.Prefix, StringComparison.Ordinal))
        {
            if (!UserId.TryParse(name, out peer))
            {
                error = CtrlCode.Malformed;
                return false;
            }
        }
        else if (TopicNames.TryParseP2P(name, out var a, out var b) && (a == self || b == self))
        {
            peer = a == self ? b : a;
        }
        else
        {
            error = CtrlCode.TopicNotFound;
            return false;
        }

        if (peer == self)
        {
            error = CtrlCode.PermissionDenied;
            return false;
        }

        target = new TopicTarget(TopicNames.P2PName(self, peer), TopicCategory.P2P, peer.ToString());
        return true;
    }

    /// <summary>
    /// How a request that needs its topic loaded (somebody attached to it) is answered when it is not: a leave or a
    /// publish; null for the requests that load the topic themselves (publishing to <c>sys</c> needs no subscription,
    /// as in Tinode).
    /// </summary>
    public static CtrlCode? WhenNotLoaded(TopicCommand command) => command switch
    {
        LeaveCommand leave => leave.Leave.Unsub ? CtrlCode.MustAttachFirst : CtrlCode.NotJoined,
        PublishCommand publish => publish.Target.Category == TopicCategory.Sys ? null : CtrlCode.MustAttachFirst,
        _ => null,
    };
}
