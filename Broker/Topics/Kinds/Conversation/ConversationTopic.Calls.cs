using System.Text.Json;
using Broker.Protocol.Access;
using Broker.Protocol.Client;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// Audio and video calls in p2p topics, as Tinode's <c>calls.go</c>: a <c>{pub head:{webrtc:"started"}}</c> is the
/// invite (stored and delivered like any message); <c>{note what:"call"}</c> events are relayed between the two
/// parties as <c>{info what:"call"}</c>; the call's outcome is a new message from the caller that replaces the
/// invite (<c>head.replace ":seq"</c>, <c>webrtc</c> accepted, finished, missed, declined or disconnected, and
/// <c>webrtc-duration</c> in milliseconds). One call per topic at a time.
/// </summary>
internal partial class ConversationTopic
{
    private CallState? call;

    /// <summary>True for a call invite: a <c>{pub}</c> whose head has <c>webrtc</c>.</summary>
    internal static bool IsCallInvite(MsgPub pub) => pub.Head?.ContainsKey("webrtc") == true;

    /// <summary>
    /// False (and answered) when a call invite may not be sent here: not a p2p topic (403), or a call is already
    /// ringing or under way, or another invite is in the same batch (486 busy here). Calls being off (no ICE servers)
    /// is answered 501 by the session before it gets here.
    /// </summary>
    private bool AdmitCallInvite(PublishCommand command, ref bool inviteInBatch)
    {
        if (!IsCallInvite(command.Pub))
        {
            return true;
        }

        if (!isP2P)
        {
            RefusePublish(command, CtrlCode.PermissionDenied);
            return false;
        }

        if (call is not null || inviteInBatch)
        {
            RefusePublish(command, CtrlCode.BusyHere);
            return false;
        }

        inviteInBatch = true;
        return true;
    }

    /// <summary>The invite <paramref name="seq"/> is stored: the call rings until accepted, hung up or timed out.</summary>
    private void StartCall(PublishCommand command, MessageDraft draft, long seq)
    {
        var mime = command.Pub.Head is { } head && head.TryGetValue("mime", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        call = new CallState(seq, draft.Content, mime, command.Origin, command.Origin.User.Value)
        {
            Timer = Services.Clock.CreateTimer(
                static state => { var (topic, seq) = ((ConversationTopic, long))state!; topic.Post(new CallEndCommand(seq, TimedOut: true)); },
                (this, seq),
                Services.CallEstablishmentTimeout,
                Timeout.InfiniteTimeSpan),
        };
    }

    private async Task HandleCallNoteAsync(NoteCommand command, CancellationToken cancellationToken)
    {
        var note = command.Note;
        var session = command.Origin;
        var user = session.User.Value;
        if (call is null || note.Seq != call.Seq || ActiveMember(user) is null)
        {
            return;
        }

        switch (note.Event)
        {
            case "ringing" or "accept":
                // Only the callee, before the call is established.
                if (call.Callee is not null || user == call.CallerUser || session == call.Caller)
                {
                    return;
                }

                if (note.Event == "accept")
                {
                    call.Timer?.Dispose();
                    call.Callee = session;
                    call.CalleeUser = user;
                    call.AcceptedAt = Services.Clock.GetTimestamp();
                    await AppendCallStateAsync("accepted", 0, cancellationToken);

                    // The callee's other devices stop ringing.
                    SendCallInfoToMe(user, user, "accept", null, skip: session, notAttachedOnly: false);
                }

                call.Caller.Send(CallInfo(NameFor(call.CallerUser), user, note.Event, null));
                return;
            case "offer" or "answer" or "ice-candidate":
                // Between the two parties of an established call only.
                if (call.Callee is null || (session != call.Caller && session != call.Callee))
                {
                    return;
                }

                var (other, otherUser) = session == call.Caller ? (call.Callee, call.CalleeUser) : (call.Caller, call.CallerUser);
                other.Send(CallInfo(NameFor(otherUser), user, note.Event, note.Payload is { } payload ? new RawJson(payload.GetRawText()) : null));
                return;
            case "hang-up":
                // An established call is ended by a party; a ringing one by the calling session or any callee session.
                if (call.Callee is not null ? session != call.Caller && session != call.Callee : user == call.CallerUser && session != call.Caller)
                {
                    return;
                }

                await EndCallAsync(user, timedOut: false, cancellationToken);
                return;
        }
    }

    private async Task HandleCallEndAsync(CallEndCommand command, CancellationToken cancellationToken)
    {
        if (call is null || call.Seq != command.Seq || (command.TimedOut && call.Callee is not null))
        {
            return;
        }

        await EndCallAsync(null, command.TimedOut, cancellationToken);
    }

    /// <summary>A party's session detached: the call is over for it (handled on the loop, after the detach).</summary>
    private void OnCallPartyDetached(ISubscriber session)
    {
        if (call is not null && (session == call.Caller || session == call.Callee))
        {
            Post(new CallEndCommand(call.Seq, TimedOut: false));
        }
    }

    /// <summary>
    /// Ends the call. <paramref name="by"/> hung up (null: the server): an established call is finished (with its
    /// duration); a ringing one is missed when the caller hung up or nobody answered in time, declined when the callee
    /// hung up, disconnected when a party went away.
    /// </summary>
    private async Task EndCallAsync(long? by, bool timedOut, CancellationToken cancellationToken)
    {
        var ending = call!;
        ending.Timer?.Dispose();
        var duration = 0L;
        string state;
        if (by is not null && ending.Callee is not null)
        {
            state = "finished";
            duration = (long)Services.Clock.GetElapsedTime(ending.AcceptedAt).TotalMilliseconds;
        }
        else if (by is { } user)
        {
            state = user == ending.CallerUser ? "missed" : "declined";
        }
        else
        {
            state = timedOut ? "missed" : ending.Callee is not null ? "finished" : "disconnected";
            if (ending.Callee is not null)
            {
                duration = (long)Services.Clock.GetElapsedTime(ending.AcceptedAt).TotalMilliseconds;
            }
        }

        await AppendCallStateAsync(state, duration, cancellationToken);
        call = null;
        foreach (var attachment in attached)
        {
            attachment.Session.Send(CallInfo(NameFor(attachment.Member.UserId), null, "hang-up", null));
        }

        foreach (var member in members.Values)
        {
            if (member.IsActive)
            {
                SendCallInfoToMe(member.UserId, by, "hang-up", null, skip: null, notAttachedOnly: true);
            }
        }
    }

    /// <summary>The message that replaces the invite: from the caller, the invite's content, the new state in the head.</summary>
    private async Task AppendCallStateAsync(string state, long durationMs, CancellationToken cancellationToken)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("replace", ":" + call!.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteString("webrtc", state);
            if (durationMs > 0)
            {
                writer.WriteNumber("webrtc-duration", durationMs);
            }

            if (call.Mime is not null)
            {
                writer.WriteString("mime", call.Mime);
            }

            writer.WriteEndObject();
        }

        var text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        try
        {
            await AppendOneAsync(new MessageDraft(call.CallerUser, Now(), text, call.Content), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not StaleTopicEpochException)
        {
            Services.Log.CommandFailed(ex, Name, "call " + state, null);
        }
    }

    /// <summary><c>{info topic:"me" src what:"call"}</c> to <paramref name="target"/>'s sessions (with R+P), e.g. its other devices.</summary>
    private void SendCallInfoToMe(long target, long? from, string callEvent, RawJson? payload, ISubscriber? skip, bool notAttachedOnly)
    {
        if (ActiveMember(target) is not { } member || !member.Mode.Has(AccessMode.Read | AccessMode.Presence))
        {
            return;
        }

        var frame = FrameWriter.Write(new MsgInfo
        {
            Topic = TopicNames.Me,
            Src = NameFor(target),
            From = from is { } sender ? new UserId(sender).ToString() : null,
            What = "call",
            Event = callEvent,
            Seq = call?.Seq,
            Payload = payload,
        });
        Services.Presence.SendToMe(target, frame, skipAttachedTo: notAttachedOnly ? Name : null, skip: skip);
    }

    private byte[] CallInfo(string topicName, long? from, string callEvent, RawJson? payload) => FrameWriter.Write(new MsgInfo
    {
        Topic = topicName,
        From = from is { } sender ? new UserId(sender).ToString() : null,
        What = "call",
        Event = callEvent,
        Seq = call?.Seq,
        Payload = payload,
    });

    /// <summary>The call of this topic: its invite, its caller and, once accepted, its callee.</summary>
    private sealed class CallState(long seq, string content, string? mime, ISubscriber caller, long callerUser)
    {
        public long Seq { get; } = seq;
        public string Content { get; } = content;
        public string? Mime { get; } = mime;
        public ISubscriber Caller { get; } = caller;
        public long CallerUser { get; } = callerUser;
        public ISubscriber? Callee { get; set; }
        public long CalleeUser { get; set; }
        public long AcceptedAt { get; set; }
        public ITimer? Timer { get; init; }
    }
}
