using Broker.Auth;
using Broker.Protocol.Client;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;

namespace Broker.Topics;

/// <summary><c>{set me cred}</c> and <c>{del me cred}</c>, and the tags that confirmed credentials give the user.</summary>
internal sealed partial class MeTopic
{
    /// <summary>With <c>resp</c>: answers the pending code of <c>meth</c>. Without: adds <c>val</c> unconfirmed and sends its code.</summary>
    private async Task SetCredAsync(SetCommand command, MsgCred cred, CancellationToken cancellationToken)
    {
        var credentials = Services.Credentials;
        if (!string.IsNullOrEmpty(cred.Resp))
        {
            var check = await credentials.CheckAsync(userId.Value, cred.Meth, cred.Resp, cancellationToken);
            if (check.IsConfirmed)
            {
                await ChangeTagsAsync(CredentialMethods.Tag(cred.Meth!, check.Confirmed!), null, cancellationToken);
            }

            Reply(command, check.Code);
            return;
        }

        Reply(command, await credentials.RequestAsync(userId.Value, cred.Meth, cred.Val, cancellationToken));
    }

    private async Task DelCredAsync(DelCommand command, CancellationToken cancellationToken)
    {
        if (command.Del.Cred is not { Meth: not null } cred)
        {
            Reply(command, CtrlCode.Malformed);
            return;
        }

        var (code, removedTag) = await Services.Credentials.DeleteAsync(userId.Value, cred.Meth, cred.Val, cancellationToken);
        if (removedTag is not null)
        {
            await ChangeTagsAsync(null, removedTag, cancellationToken);
        }

        Reply(command, code);
    }

    private async Task ChangeTagsAsync(string? add, string? remove, CancellationToken cancellationToken)
    {
        var tags = user!.Tags.Where(t => t != remove).ToList();
        if (add is not null && !tags.Contains(add) && tags.Count < Services.Options.MaxTagCount)
        {
            tags.Add(add);
        }

        if (tags.SequenceEqual(user.Tags))
        {
            return;
        }

        user = user with { Tags = tags, Updated = Now() };
        await Store.Users.UpdateAsync(user, cancellationToken);
        var frame = FrameWriter.Write(new MsgPres { Topic = TopicNames.Me, Src = TopicNames.Me, What = "tags" });
        foreach (var session in attached)
        {
            session.Send(frame);
        }
    }

    private async Task ApplyCredentialTagsAsync(CredentialTagsCommand command, CancellationToken cancellationToken)
    {
        await ChangeTagsAsync(command.Add, command.Remove, cancellationToken);
        command.Complete(200, user);
    }
}
