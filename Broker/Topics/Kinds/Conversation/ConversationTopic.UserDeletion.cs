using Broker.Protocol.Names;

namespace Broker.Topics;

/// <summary>Removing a deleted user from this topic: p2p topics and groups the user owns go away with the user.</summary>
internal partial class ConversationTopic
{
    private async Task HandleUserDeletedAsync(UserDeletedCommand command, CancellationToken cancellationToken)
    {
        try
        {
            if (pendingCreate || ActiveMember(command.UserId) is null)
            {
                return;
            }

            if (isP2P || IsOwner(command.UserId))
            {
                await Store.Topics.DeleteAsync(Name, Fence, cancellationToken);
                Services.Log.Deleted(Name, new UserId(command.UserId).ToString());
                foreach (var member in members.Values)
                {
                    if (member.IsActive && member.UserId != command.UserId)
                    {
                        SendPresToMe(member.UserId, "gone", actor: command.UserId);
                    }
                }

                foreach (var attachment in attached)
                {
                    attachment.Session.OnDetached(this);
                }

                attached.Clear();
                announcedOnline = false;
                Unload(RejectMissing);
                return;
            }

            await UnsubscribeAsync(command.UserId, null, cancellationToken);
        }
        finally
        {
            command.Done.TrySetResult();
        }
    }
}
