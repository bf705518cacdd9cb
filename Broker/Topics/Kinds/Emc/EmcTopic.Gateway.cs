using Broker.Admin;
using Broker.Protocol.Access;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// The gateway's side: outbound <c>{pub}</c> (checked, stored with an outbox entry in the same transaction), inbound
/// messages and delivery status.
/// </summary>
internal sealed partial class EmcTopic
{
    /// <summary>An outbound message needs <c>head.emc.to</c> and a configured channel; 400 otherwise.</summary>
    protected override MessageDraft? DraftOf(PublishCommand command, Member sender, DateTime now)
    {
        if (!EmcHead.TryOutbound(command.Pub.Head, emc.Options.EffectiveChannels, out var head))
        {
            RefusePublish(command, CtrlCode.Malformed);
            return null;
        }

        return base.DraftOf(command, sender, now) is { } draft ? draft with { Head = head, Outbound = true } : null;
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

        // The external id is the idempotency key of the system sender (0), kept for good: the same id is stored once.
        var now = Now();
        var draft = new MessageDraft(0, now, command.Head, command.Content) { IdempotencyKey = command.ExternalId };
        var (seq, duplicate) = await AppendOneAsync(draft, cancellationToken);
        command.Complete(duplicate ? 200 : 201, new EmcPostedView(Name, seq, duplicate ? null : now, duplicate));
    }

    /// <summary>
    /// Keeps the gateway's status in the message's <c>head.emc</c> (so <c>{get data}</c> shows it) and tells the
    /// attached sessions with <c>{info what:"emc" seq status}</c>.
    /// </summary>
    private async Task HandleStatusAsync(AdminEmcStatusCommand command, CancellationToken cancellationToken)
    {
        if (IsPendingCreate || Record is null || command.Seq > Record.Seq)
        {
            command.Fail(404, "no such message");
            return;
        }

        var found = await Store.Messages.QueryAsync(Name, 0, new MessageQuery(command.Seq, command.Seq + 1, 1), cancellationToken);
        if (found.Count == 0 || found[0].Head is not { } head)
        {
            command.Fail(404, "no such message");
            return;
        }

        if (!EmcHead.IsOutbound(head))
        {
            command.Fail(409, "not an outbound emc message");
            return;
        }

        if (!await Store.Messages.ReplaceHeadAsync(Name, command.Seq, EmcHead.WithStatus(head, command.Status, command.Reason), Fence, cancellationToken))
        {
            command.Fail(404, "no such message");
            return;
        }

        byte[]? frame = null;
        foreach (var attachment in Attached)
        {
            if (attachment.Member.Mode.Has(AccessMode.Read))
            {
                frame ??= FrameWriter.Write(new MsgInfo { Topic = Name, What = EmcHead.Key, Seq = command.Seq, Status = command.Status });
                attachment.Session.Send(frame);
            }
        }

        command.Complete(200, new EmcStatusView(Name, command.Seq, command.Status));
    }
}
