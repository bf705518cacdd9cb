using System.Text.Json;
using Broker.Json;
using Broker.Protocol.Access;
using Broker.Protocol.Json;
using Broker.Protocol.Server;

namespace Broker.Topics;

/// <summary>
/// Auxiliary topic data (Tinode's <c>aux</c>, e.g. <c>pins</c>, the pinned messages): one JSON object per topic that
/// members with A or O set by deep merge, that every member reads, and whose change is announced on the topic.
/// </summary>
internal partial class ConversationTopic
{
    private void ReplyAux(ISubscriber session, string? id)
    {
        var clientName = NameFor(session.User.Value);
        if (topic?.Aux is not { } aux)
        {
            session.Reply(id, clientName, CtrlCode.NoContent, new CtrlParams { What = "aux" });
            return;
        }

        SendMeta(session, new MsgMeta { Id = id, Topic = clientName, Ts = Now(), Aux = RawJson.From(aux) });
    }

    private async Task SetAuxAsync(SetCommand command, Member member, JsonElement aux, CancellationToken cancellationToken)
    {
        if (!member.Mode.HasAny(AccessModes.Admin))
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        if (aux.ValueKind != JsonValueKind.Object)
        {
            Reply(command, CtrlCode.Malformed);
            return;
        }

        var merged = JsonValues.Merge(topic!.Aux, aux);
        if (merged == "{}")
        {
            merged = null;
        }

        if (merged == topic.Aux)
        {
            Reply(command, CtrlCode.NotModified);
            return;
        }

        topic = topic with { Aux = merged, Updated = Now() };
        await Store.Topics.UpdateAsync(topic, Fence, cancellationToken);
        Reply(command, CtrlCode.Ok);

        // Tinode's presSubsOnline("aux"): every attached session with P except the one that made the change.
        byte[]? groupFrame = null;
        foreach (var attachment in attached)
        {
            if (attachment.Session == command.Origin || !attachment.Member.Mode.Has(AccessMode.Presence))
            {
                continue;
            }

            var frame = isP2P || IsReader(attachment.Member)
                ? FrameWriter.Write(new MsgPres { Topic = NameFor(attachment.Member.UserId), What = "aux" })
                : groupFrame ??= FrameWriter.Write(new MsgPres { Topic = SharedName, What = "aux" });
            attachment.Session.Send(frame);
        }
    }
}
