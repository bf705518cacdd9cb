using System.Net.WebSockets;
using Broker.Json;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>The admin API's changes to the user this actor holds.</summary>
internal sealed partial class MeTopic
{
    private async Task AdminUpdateAsync(AdminUpdateUserCommand command, CancellationToken cancellationToken)
    {
        var updated = user! with
        {
            Public = command.Public is { } pub ? JsonValues.Merge(user.Public, pub) : user.Public,
            Trusted = command.Trusted is { } trusted ? JsonValues.Merge(user.Trusted, trusted) : user.Trusted,
            State = command.State ?? user.State,
        };
        if (updated == user)
        {
            command.Complete(200, user);
            return;
        }

        var changedProfile = updated.Public != user.Public || updated.Trusted != user.Trusted;
        user = updated with { Updated = Now() };
        await Store.Users.UpdateAsync(user, cancellationToken);
        if (changedProfile)
        {
            await TellContactsAsync("upd", user, null, cancellationToken);
        }

        if (command.Public is not null || command.Trusted is not null)
        {
            var frame = FrameWriter.Write(new MsgPres { Topic = TopicNames.Me, Src = TopicNames.Me, What = "upd" });
            foreach (var session in attached)
            {
                session.Send(frame);
            }
        }

        if (user.State != UserState.Ok)
        {
            // As Tinode does for a suspended or deleted account: every session is told and closed.
            foreach (var session in Services.Sessions.OfUser(userId.Value))
            {
                session.Reply(null, null, CtrlCode.Evicted);
                session.CloseAfterFlush(WebSocketCloseStatus.PolicyViolation, "account " + (user.State == UserState.Deleted ? "deleted" : "suspended"));
            }
        }

        command.Complete(200, user);
    }
}
