using Broker.Protocol.Client;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Sessions;
using Broker.Topics;

namespace Broker.Cluster;

/// <summary>From a session's command to the call that carries it to the topic's grain, and back on the topic's node.</summary>
internal static class ClusterCommands
{
    public static TopicCall? ToCall(TopicCommand command, Session origin, SiloAddress self)
    {
        var session = new SessionRef
        {
            Node = self,
            SessionId = origin.Id,
            User = origin.User.Value,
            AuthLevel = (int)origin.AuthLevel,
            UserAgent = origin.UserAgent,
            CanAttachAnother = origin.CanAttachAnother,
        };
        if (command is DetachCommand)
        {
            return new TopicCall { Kind = TopicCallKind.Detach, Session = session, Routable = string.Empty, ClientName = string.Empty };
        }

        if (command.Frame is null || TargetOf(command) is not { } target)
        {
            return null;
        }

        return new TopicCall
        {
            Kind = TopicCallKind.Frame,
            Session = session,
            Routable = target.Routable,
            Category = (int)target.Category,
            ClientName = target.ClientName,
            IsNew = target.IsNew,
            Frame = command.Frame,
        };
    }

    /// <summary>The command <paramref name="call"/> stands for, from <paramref name="origin"/>; null when its frame does not parse.</summary>
    public static TopicCommand? FromCall(TopicCall call, ISubscriber origin, long receivedAt)
    {
        if (call.Kind == TopicCallKind.Detach)
        {
            return new DetachCommand(origin);
        }

        if (call.Frame is null || !FrameParser.TryParse(call.Frame, out var message))
        {
            return null;
        }

        var target = new TopicTarget(call.Routable, (TopicCategory)call.Category, call.ClientName, call.IsNew);
        return message.Kind switch
        {
            ClientFrameKind.Sub => new SubscribeCommand(origin, message.Sub!, target),
            ClientFrameKind.Leave => new LeaveCommand(origin, message.Leave!, target),
            ClientFrameKind.Pub => new PublishCommand(origin, message.Pub!, target, receivedAt)
            {
                IdempotencyKey = message.Extra?.Idk,
                Attachments = Files.FileUrls.IdsIn(message.Extra?.Attachments),
            },
            ClientFrameKind.Get => new GetCommand(origin, message.Get!, target),
            ClientFrameKind.Set => new SetCommand(origin, message.Set!, target),
            ClientFrameKind.Del => new DelCommand(origin, message.Del!, target),
            ClientFrameKind.Note => new NoteCommand(origin, message.Note!, target),
            _ => null,
        };
    }

    public static TopicTarget? TargetOf(TopicCommand command) => command switch
    {
        SubscribeCommand c => c.Target,
        LeaveCommand c => c.Target,
        PublishCommand c => c.Target,
        GetCommand c => c.Target,
        SetCommand c => c.Target,
        DelCommand c => c.Target,
        NoteCommand c => c.Target,
        _ => null,
    };

    public static string? IdOf(TopicCommand command) => command switch
    {
        SubscribeCommand c => c.Sub.Id,
        LeaveCommand c => c.Leave.Id,
        PublishCommand c => c.Pub.Id,
        GetCommand c => c.Get.Id,
        SetCommand c => c.Set.Id,
        DelCommand c => c.Del.Id,
        _ => null,
    };
}
