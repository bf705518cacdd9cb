using Broker.Protocol.Access;

namespace Broker.Topics;

/// <summary>
/// Presence about members and about the group itself: a member's changed profile or user agent, and the group
/// coming online (its first attached session) or going offline (unloaded), which members see on <c>me</c>.
/// </summary>
internal partial class ConversationTopic
{
    private bool announcedOnline;

    private void HandleMemberChanged(MemberChangedCommand changed)
    {
        if (isP2P)
        {
            if (changed.User is { } user && p2pUsers.ContainsKey(user.Id))
            {
                p2pUsers[user.Id] = user;
            }

            return;
        }

        if (ActiveMember(changed.UserId) is not null)
        {
            SendPresOnTopic(changed.UserId, changed.What, changed.What == "ua" ? changed.UserAgent : null);
        }
    }

    /// <summary>Tinode's group "on": once per load, when the first session attaches, to every member with P on <c>me</c>.</summary>
    private void AnnounceGroupOnline()
    {
        if (isP2P || isSelf || announcedOnline)
        {
            return;
        }

        announcedOnline = true;
        AnnounceGroupToMembers("on");
    }

    private void AnnounceGroupToMembers(string what)
    {
        foreach (var member in members.Values)
        {
            if (member.IsActive && member.Mode.Has(AccessMode.Presence))
            {
                SendPresToMe(member.UserId, what);
            }
        }
    }

    /// <summary>Tinode's group "off" when the topic unloads after being online.</summary>
    protected override void OnUnloaded()
    {
        if (announcedOnline && topic is not null)
        {
            AnnounceGroupToMembers("off");
        }
    }
}
