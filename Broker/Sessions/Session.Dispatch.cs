using System.Globalization;
using Broker.Protocol.Client;
using Broker.Protocol.Json;
using Broker.Protocol.Server;
using Broker.Topics;

namespace Broker.Sessions;

/// <summary>Parsing, sequencing and authorisation of client frames, and routing them to topics.</summary>
internal sealed partial class Session
{
    public const string ServerVersion = "0.25";
    private const int MinMajor = 0;
    private const int MinMinor = 20;
    private bool hiDone;
    private string? clientVersion;

    /// <summary>Sends a <c>{ctrl}</c> reply.</summary>
    public void Reply(string? id, string? topic, CtrlCode code, CtrlParams? parameters = null)
    {
        if (code.Code >= 400)
        {
            services.Metrics.Error(code.Code);
        }

        Send(Replies.Ctrl(id, topic, code, Now(), parameters));
    }

    public DateTime Now() => TimestampConverter.Truncate(services.Clock.GetUtcNow().UtcDateTime);

    private async Task DispatchAsync(byte[] utf8, CancellationToken cancellationToken)
    {
        if (!FrameParser.TryParse(utf8, out var message))
        {
            Reply(null, null, CtrlCode.Malformed);
            return;
        }

        var kind = message.Kind;
        services.Metrics.FrameIn(kind);
        if (!hiDone && kind != ClientFrameKind.Hi)
        {
            if (kind != ClientFrameKind.Note)
            {
                Reply(message.Id, message.Topic, CtrlCode.CommandOutOfSequence);
            }

            return;
        }

        if (message.Extra is { Obo: not null } or { AuthLevel: not null and not "" and not "auth" })
        {
            Reply(message.Id, message.Topic, CtrlCode.PermissionDenied);
            return;
        }

        try
        {
            switch (kind)
            {
                case ClientFrameKind.Hi:
                    HandleHi(message.Hi!);
                    break;
                case ClientFrameKind.Acc:
                    await HandleAccAsync(message.Acc!, cancellationToken);
                    break;
                case ClientFrameKind.Login:
                    await HandleLoginAsync(message.Login!, cancellationToken);
                    break;
                case ClientFrameKind.Note:
                    RouteNote(message.Note!);
                    break;
                default:
                    if (!IsAuthenticated)
                    {
                        Reply(message.Id, message.Topic, CtrlCode.AuthRequired);
                        return;
                    }

                    Route(message, kind);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            services.Log.DispatchFailed(ex, Id, User.ToString(), kind.ToString());
            Reply(message.Id, message.Topic, CtrlCode.InternalError);
        }
    }

    private void HandleHi(MsgHi hi)
    {
        if (hiDone)
        {
            if (hi.Ver is not null && hi.Ver != clientVersion)
            {
                Reply(hi.Id, null, CtrlCode.CommandOutOfSequence);
                return;
            }

            Reply(hi.Id, null, CtrlCode.Ok);
            return;
        }

        if (!TryParseVersion(hi.Ver, out var major, out var minor))
        {
            Reply(hi.Id, null, CtrlCode.Malformed);
            return;
        }

        if (major < MinMajor || (major == MinMajor && minor < MinMinor))
        {
            Reply(hi.Id, null, CtrlCode.VersionNotSupported);
            return;
        }

        hiDone = true;
        clientVersion = hi.Ver;
        UserAgent = hi.Ua;
        var options = services.Options;
        Reply(hi.Id, null, CtrlCode.Created, new CtrlParams
        {
            Ver = ServerVersion,
            Build = "broker:" + services.Accounts.GetType().Assembly.GetName().Version?.ToString(3),
            Sid = Id,
            MaxMessageSize = options.MaxMessageSize,
            MaxSubscriberCount = options.MaxSubscriberCount,
            MinTagLength = Auth.TagRules.MinLength,
            MaxTagLength = Auth.TagRules.MaxLength,
            MaxTagCount = options.MaxTagCount,
            MaxFileUploadSize = 0,
            MsgDelAge = 0,
        });
    }

    /// <summary>Accepts <c>0.25</c>, <c>0.25.3</c>, <c>v0.25.3-rc1</c>.</summary>
    internal static bool TryParseVersion(string? text, out int major, out int minor)
    {
        major = 0;
        minor = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.AsSpan().Trim();
        if (span.Length > 0 && span[0] is 'v' or 'V')
        {
            span = span[1..];
        }

        var dash = span.IndexOfAny('-', '+');
        if (dash >= 0)
        {
            span = span[..dash];
        }

        var parts = span.ToString().Split('.');
        return parts.Length is >= 2 and <= 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minor)
            && (parts.Length == 2 || int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _));
    }

    private async Task HandleAccAsync(MsgAcc acc, CancellationToken cancellationToken)
    {
        var creating = acc.User is null ? !IsAuthenticated : acc.User.StartsWith("new", StringComparison.Ordinal);
        if (!creating)
        {
            if (!IsAuthenticated)
            {
                Reply(acc.Id, null, CtrlCode.AuthRequired);
                return;
            }

            var update = await services.Accounts.UpdateAsync(User, acc, cancellationToken);
            Reply(acc.Id, null, update.Code, update.Params);
            return;
        }

        var outcome = await services.Accounts.CreateAsync(acc, IsAuthenticated, cancellationToken);
        if (outcome.Code.Code < 300)
        {
            services.Log.AccountCreated(outcome.User.ToString(), Id);
        }

        if (outcome.Authenticated)
        {
            SetUser(outcome);
        }

        Reply(acc.Id, null, outcome.Code, outcome.Params);
    }

    private async Task HandleLoginAsync(MsgLogin login, CancellationToken cancellationToken)
    {
        if (IsAuthenticated)
        {
            Reply(login.Id, null, CtrlCode.AlreadyAuthenticated);
            return;
        }

        var outcome = await services.Accounts.LoginAsync(login, cancellationToken);
        if (outcome.Authenticated)
        {
            SetUser(outcome);
            services.Log.LoggedIn(User.ToString(), Id, login.Scheme ?? string.Empty);
        }
        else
        {
            services.Log.LoginFailed(Id, RemoteAddress, login.Scheme ?? string.Empty);
        }

        Reply(login.Id, null, outcome.Code, outcome.Params);
    }

    private void SetUser(Auth.AuthOutcome outcome)
    {
        User = outcome.User;
        AuthLevel = outcome.Level;
        services.Sessions.OnAuthenticated(this);
    }

    private void Route(ClientMessage message, ClientFrameKind kind)
    {
        if (kind == ClientFrameKind.Del && message.Del!.What == "user")
        {
            Reply(message.Id, null, CtrlCode.NotImplemented);
            return;
        }

        if (!TopicRouting.TryResolve(message.Topic, User, kind == ClientFrameKind.Sub, out var target, out var error))
        {
            Reply(message.Id, message.Topic, error);
            return;
        }

        TopicActor? topic;
        TopicCommand command;
        switch (kind)
        {
            case ClientFrameKind.Sub:
                topic = services.Hub.GetOrStart(target);
                command = new SubscribeCommand(this, message.Sub!, target);
                break;
            case ClientFrameKind.Leave:
                topic = services.Hub.TryGet(target.Routable);
                if (topic is null)
                {
                    Reply(message.Id, target.ClientName, message.Leave!.Unsub ? CtrlCode.MustAttachFirst : CtrlCode.NotJoined);
                    return;
                }

                command = new LeaveCommand(this, message.Leave!, target);
                break;
            case ClientFrameKind.Pub:
                topic = services.Hub.TryGet(target.Routable);
                if (topic is null)
                {
                    Reply(message.Id, target.ClientName, CtrlCode.MustAttachFirst);
                    return;
                }

                command = new PublishCommand(this, message.Pub!, target, services.Clock.GetTimestamp());
                break;
            case ClientFrameKind.Get:
                topic = services.Hub.GetOrStart(target);
                command = new GetCommand(this, message.Get!, target);
                break;
            case ClientFrameKind.Set:
                topic = services.Hub.GetOrStart(target);
                command = new SetCommand(this, message.Set!, target);
                break;
            case ClientFrameKind.Del:
                topic = services.Hub.GetOrStart(target);
                command = new DelCommand(this, message.Del!, target);
                break;
            default:
                Reply(message.Id, message.Topic, CtrlCode.Malformed);
                return;
        }

        if (!topic.Post(command))
        {
            Reply(message.Id, target.ClientName, CtrlCode.ServiceUnavailable);
        }
    }

    /// <summary>Notes are fire-and-forget: invalid ones are dropped; a note on a topic not attached answers 409.</summary>
    private void RouteNote(MsgNote note)
    {
        if (!IsAuthenticated || note.What is null || note.Seq < 0)
        {
            return;
        }

        var valid = note.What switch
        {
            "kp" or "kpa" or "kpv" => note.Seq == 0,
            "read" or "recv" => note.Seq > 0,
            _ => false,
        };
        if (!valid || !TopicRouting.TryResolve(note.Topic, User, false, out var target, out _))
        {
            return;
        }

        if (!attached.TryGetValue(target.Routable, out var topic))
        {
            Reply(null, target.ClientName, CtrlCode.MustAttachFirst);
            return;
        }

        topic.Post(new NoteCommand(this, note, target));
    }
}
