using System.Globalization;
using Broker.Auth;
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

    /// <summary>Longest <c>extra.idk</c> of a <c>{pub}</c>; a longer (or empty) one is answered 400.</summary>
    public const int MaxIdempotencyKeyLength = 64;
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
            if (TryAdmit(ClientFrameKind.Unknown))
            {
                Reply(null, null, CtrlCode.Malformed);
            }

            return;
        }

        var kind = message.Kind;
        services.Metrics.FrameIn(kind);
        if (!TryAdmit(kind))
        {
            if (kind != ClientFrameKind.Note)
            {
                ReplyTooManyRequests(message.Id, message.Topic, kind);
            }

            return;
        }

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
                    RouteNote(message.Note!, utf8);
                    break;
                default:
                    if (!IsAuthenticated)
                    {
                        Reply(message.Id, message.Topic, CtrlCode.AuthRequired);
                        return;
                    }

                    if (kind == ClientFrameKind.Del && message.Del!.What == "user")
                    {
                        await DeleteAccountAsync(message.Del, cancellationToken);
                        break;
                    }

                    await RouteAsync(message, kind, utf8, cancellationToken);
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
            // A later {hi} may only repeat the version; it updates the device (push token) and language of a
            // logged-in session: 200 when it carried a device (or "␡" to delete it), else 201, never params.
            if (!string.IsNullOrEmpty(hi.Ver) && !SameVersion(hi.Ver, clientVersion))
            {
                Reply(hi.Id, null, CtrlCode.CommandOutOfSequence);
                return;
            }

            if (!IsAuthenticated)
            {
                Reply(hi.Id, null, CtrlCode.AuthRequired);
                return;
            }

            Reply(hi.Id, null, string.IsNullOrEmpty(hi.Dev) ? CtrlCode.Created : CtrlCode.Ok);
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
            MaxFileUploadSize = services.Files.MaxUploadSize,
            IceServers = services.Calls.Enabled ? [.. services.Calls.IceServers.Select(s => new MsgIceServer { Urls = s.Urls, Username = s.Username, Credential = s.Credential })] : null,
            MsgDelAge = 0,
        });
    }

    private static bool SameVersion(string a, string? b) =>
        TryParseVersion(a, out var majorA, out var minorA) && TryParseVersion(b, out var majorB, out var minorB)
        && majorA == majorB && minorA == minorB;

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
        var creating = acc.User is null ? !IsAuthenticated && acc.TmpScheme is null : acc.User.StartsWith("new", StringComparison.Ordinal);
        if (!creating && !IsAuthenticated && acc.TmpScheme is not null)
        {
            await UpdateWithTemporaryAuthAsync(acc, cancellationToken);
            return;
        }

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

        if (RefuseLockedOut(acc.Id, null))
        {
            return;
        }

        var outcome = await services.Accounts.CreateAsync(acc, IsAuthenticated, cancellationToken);
        if (outcome.Code.Code < 300 || outcome.Code == AccountService.ValidateCredentialsCode)
        {
            services.Log.AccountCreated(outcome.User.ToString(), Id);
        }
        else if (IsCredentialFailure(outcome))
        {
            await CountFailedCredentialAsync(null, cancellationToken);
        }

        if (outcome.Authenticated)
        {
            SetUser(outcome);
        }

        Reply(acc.Id, null, outcome.Code, outcome.Params);
    }

    private async Task HandleLoginAsync(MsgLogin login, CancellationToken cancellationToken)
    {
        if (login.Scheme == PasswordReset.Purpose)
        {
            await RequestPasswordResetAsync(login, cancellationToken);
            return;
        }

        if (IsAuthenticated)
        {
            Reply(login.Id, null, CtrlCode.AlreadyAuthenticated);
            return;
        }

        var loginName = LoginThrottle.LoginNameOf(login);
        if (RefuseLockedOut(login.Id, loginName))
        {
            return;
        }

        var outcome = await services.Accounts.LoginAsync(login, cancellationToken);
        if (outcome.Authenticated)
        {
            SetUser(outcome);
            services.LoginThrottle.Succeeded(loginName, RemoteAddress);
            services.Log.LoggedIn(User.ToString(), Id, login.Scheme ?? string.Empty);
        }
        else
        {
            services.Log.LoginFailed(Id, RemoteAddress, login.Scheme ?? string.Empty);
            if (IsCredentialFailure(outcome))
            {
                await CountFailedCredentialAsync(loginName, cancellationToken);
            }
        }

        Reply(login.Id, null, outcome.Code, outcome.Params);
    }

    private void SetUser(Auth.AuthOutcome outcome)
    {
        Authenticate(outcome.User, outcome.Level);
        ApplyUserLimits(Options.RateLimitSettings.For(outcome.RateLimits, services.DefaultRateLimits));
    }

    internal void Authenticate(Protocol.Names.UserId user, Auth.AuthLevel level)
    {
        User = user;
        AuthLevel = level;
        services.Sessions.OnAuthenticated(this);
    }

    private async Task RouteAsync(ClientMessage message, ClientFrameKind kind, byte[] utf8, CancellationToken cancellationToken)
    {
        if (!TopicRouting.TryResolve(message.Topic, User, kind == ClientFrameKind.Sub, out var target, out var error))
        {
            Reply(message.Id, message.Topic, error);
            return;
        }

        TopicCommand command;
        switch (kind)
        {
            case ClientFrameKind.Sub:
                command = new SubscribeCommand(this, message.Sub!, target) { Frame = utf8 };
                break;
            case ClientFrameKind.Leave:
                command = new LeaveCommand(this, message.Leave!, target) { Frame = utf8 };
                break;
            case ClientFrameKind.Pub:
                if (message.Extra?.Idk is { Length: 0 or > MaxIdempotencyKeyLength })
                {
                    Reply(message.Id, message.Topic, CtrlCode.Malformed, new CtrlParams { What = "idk" });
                    return;
                }

                if (!services.Calls.Enabled && ConversationTopic.IsCallInvite(message.Pub!))
                {
                    // Calls are off (no Calls:IceServers), as in Tinode's default configuration.
                    Reply(message.Id, target.ClientName, CtrlCode.NotImplemented);
                    return;
                }

                command = new PublishCommand(this, message.Pub!, target, services.Clock.GetTimestamp()) { IdempotencyKey = message.Extra?.Idk, Attachments = Files.FileUrls.IdsIn(message.Extra?.Attachments), Frame = utf8 };
                break;
            case ClientFrameKind.Get:
                command = new GetCommand(this, message.Get!, target) { Frame = utf8 };
                break;
            case ClientFrameKind.Set:
                command = new SetCommand(this, message.Set!, target) { Frame = utf8 };
                break;
            case ClientFrameKind.Del:
                command = new DelCommand(this, message.Del!, target) { Frame = utf8 };
                break;
            default:
                Reply(message.Id, message.Topic, CtrlCode.Malformed);
                return;
        }

        // A topic that is not loaded has nobody attached: a leave or publish then needs no actor to be answered.
        var notLoaded = TopicRouting.WhenNotLoaded(command);
        var outcome = await services.Router.PostAsync(target, command, notLoaded is not null, services.Options.TopicQueueWait, cancellationToken);
        if (outcome == PostOutcome.NotLoaded)
        {
            Reply(message.Id, target.ClientName, notLoaded!.Value);
        }
        else if (outcome == PostOutcome.QueueFull)
        {
            Reply(message.Id, target.ClientName, CtrlCode.ServiceUnavailable);
        }
    }

    /// <summary><c>{del what:"user"}</c>: a user may delete only their own account.</summary>
    private async Task DeleteAccountAsync(MsgDel del, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(del.User) && del.User != User.ToString())
        {
            Reply(del.Id, null, CtrlCode.PermissionDenied);
            return;
        }

        await services.AccountDeletion.DeleteAsync(User, this, cancellationToken);
        Reply(del.Id, null, CtrlCode.Ok);
        AccountDeletion.Evict(this);
    }

    /// <summary>Notes are fire-and-forget: invalid ones are dropped; a note on a topic not attached answers 409.</summary>
    private void RouteNote(MsgNote note, byte[] utf8)
    {
        if (!IsAuthenticated || note.What is null || note.Seq < 0)
        {
            return;
        }

        var valid = note.What switch
        {
            "kp" or "kpa" or "kpv" => note.Seq == 0,
            "read" or "recv" => note.Seq > 0,
            "call" => note.Seq > 0 && services.Calls.Enabled,
            _ => false,
        };
        if (!valid || !TopicRouting.TryResolve(note.Topic, User, false, out var target, out _)
            || (note.What == "call" && target.Category != Protocol.Names.TopicCategory.P2P))
        {
            return;
        }

        if (!attached.TryGet(target.Routable, out var topic)
            && note.What == "call" && note.Event is "ringing" or "accept" or "hang-up")
        {
            // The callee may answer (or decline) before attaching: the caller's topic is loaded while it rings
            // (through the router: in a cluster it is loaded on the topic's node). A note is never answered.
            _ = services.Router.PostAsync(target, new NoteCommand(this, note, target) { Frame = utf8 }, loadedOnly: true, TimeSpan.Zero, CancellationToken.None);
            return;
        }

        if (topic is null)
        {
            Reply(null, target.ClientName, CtrlCode.MustAttachFirst);
            return;
        }

        topic.Post(new NoteCommand(this, note, target) { Frame = utf8 });
    }
}
