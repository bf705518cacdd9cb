using Broker.Admin;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>The gateway's side: outbound <c>{pub}</c> (checked, stored with an outbox entry) and inbound messages.</summary>
internal sealed partial class EmcTopic
{
    /// <summary>An outbound message needs <c>head.emc.to</c> and a configured channel; 400 otherwise.</summary>
    protected override MessageDraft? DraftOf(PublishCommand command, Member sender, DateTime now)
    {
        if (!EmcHead.TryOutbound(command.Pub.Head, emc.Options.EffectiveChannels, out var head))
        {
            Reply(command, CtrlCode.Malformed);
            return null;
        }

        return base.DraftOf(command, sender, now) is { } draft ? draft with { Head = head } : null;
    }

    protected override async Task HandlePublishBatchAsync(List<PublishCommand> batch, CancellationToken cancellationToken)
    {
        await base.HandlePublishBatchAsync(batch, cancellationToken);
        emc.Outbox.Wake();
    }

    private async Task HandleInboundAsync(AdminEmcInboundCommand command, CancellationToken cancellationToken)
    {
        if (IsPendingCreate)
        {
            if (!TopicNames.TryParseEmcUser(Name, out var user))
            {
                command.Fail(CtrlCode.TopicNotFound);
                return;
            }

            await CreateUserTopicAsync(user.Value, cancellationToken);
        }

        var now = Now();
        var seq = await AppendOneAsync(new MessageDraft(0, now, command.Head, command.Content), cancellationToken);
        command.Complete(201, new EmcPostedView(Name, seq, now, Duplicate: false));
    }
}
