using System.Text.Json;
using Broker.Json;
using Broker.Protocol.Access;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary><c>{pub}</c> in batches (one store transaction per batch) and <c>{note}</c>.</summary>
internal partial class ConversationTopic
{
    /// <summary>The round being prepared: publish refusals go to it while it holds them (see <see cref="RefusePublish"/>).</summary>
    private PublishRound? preparing;

    /// <summary>
    /// Appends the batch and delivers it. While one round is delivered, the publishes queued behind it are prepared and
    /// their append started, so the store writes the next batch while this thread acknowledges and fans out the last.
    /// The store is never given two appends of this topic at once: a round's append starts after the previous one ended.
    /// </summary>
    protected override async Task HandlePublishBatchAsync(List<PublishCommand> batch, CancellationToken cancellationToken)
    {
        if (pendingCreate)
        {
            foreach (var command in batch)
            {
                Reply(command, CtrlCode.MustAttachFirst);
            }

            return;
        }

        var round = Prepare(batch, cancellationToken);
        var first = true;
        while (round is not null)
        {
            if (round.Append is not null)
            {
                // Wait for the append without throwing: a failure is answered by CompleteAsync.
                await ((Task)round.Append).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            // The next batch is prepared only behind an append that succeeded: a failed one (a stale epoch above all)
            // ends the overlap, and whatever is queued is then handled as usual.
            var next = round.Append is { IsCompletedSuccessfully: true } && !round.HasCallInvite && Services.Options.PipelinePublishes
                && TakeQueuedPublishes(Services.Options.PublishBatchMax) is { } more
                ? Prepare(more, cancellationToken)
                : null;
            if (first)
            {
                // A fault here reaches the actor, which answers this batch (none of it was acknowledged).
                first = false;
                await CompleteAsync(round, cancellationToken);
            }
            else if (!await CompleteTakenAsync(round, cancellationToken))
            {
                return;
            }

            round = next;
        }
    }

    /// <summary>Checks each publish, builds the drafts of those accepted and starts their append.</summary>
    private PublishRound Prepare(List<PublishCommand> batch, CancellationToken cancellationToken)
    {
        var round = new PublishRound();
        preparing = round;
        try
        {
            var now = Now();
            var inviteInBatch = false;
            for (var position = 0; position < batch.Count; position++)
            {
                var command = batch[position];
                round.Position = position;
                var attachment = FindAttachment(command.Origin);
                if (attachment is null)
                {
                    RefusePublish(command, CtrlCode.MustAttachFirst);
                    continue;
                }

                if (!attachment.Member.Mode.Has(AccessMode.Write))
                {
                    RefusePublish(command, CtrlCode.PermissionDenied);
                    continue;
                }

                if (!AdmitCallInvite(command, ref inviteInBatch))
                {
                    continue;
                }

                if (DraftOf(command, attachment.Member, now) is not { } draft)
                {
                    continue;
                }

                round.Drafts.Add(draft);
                round.Accepted.Add(command);
                round.AcceptedAt.Add(position);
            }

            round.HasCallInvite = inviteInBatch;
        }
        finally
        {
            preparing = null;
        }

        if (round.Drafts.Count > 0)
        {
            round.AppendStarted = Services.Clock.GetTimestamp();
            round.Append = Store.Messages.AppendFencedAsync(Name, epoch, round.Drafts, cancellationToken);
        }

        return round;
    }

    /// <summary>Refuses a publish: in the round being prepared, the refusal waits for its place among the round's acks.</summary>
    private protected void RefusePublish(PublishCommand command, CtrlCode code)
    {
        if (preparing is { } round)
        {
            round.Refused.Add((round.Position, command, code));
            return;
        }

        Reply(command, code);
    }

    /// <summary>Sends the round's refusals that came before batch position <paramref name="position"/>; returns how many have been sent.</summary>
    private static int ReplyRefusedBefore(PublishRound round, int position, int sent)
    {
        var refused = round.Refused;
        while (sent < refused.Count && refused[sent].Position < position)
        {
            Reply(refused[sent].Command, refused[sent].Code);
            sent++;
        }

        return sent;
    }

    /// <summary>
    /// A round taken from the queue behind another: its faults are answered here (the actor only knows the first
    /// batch). False when the store fenced this activation off: the round is answered 503 and the actor stops.
    /// </summary>
    private async Task<bool> CompleteTakenAsync(PublishRound round, CancellationToken cancellationToken)
    {
        try
        {
            await CompleteAsync(round, cancellationToken);
            return true;
        }
        catch (StaleTopicEpochException)
        {
            ReplyAll(round, CtrlCode.ServiceUnavailable);
            StopAsStale();
            return false;
        }
        catch (Exception ex)
        {
            Services.Log.CommandFailed(ex, Name, nameof(PublishCommand), null);
            foreach (var command in round.Accepted)
            {
                Reply(command, CtrlCode.InternalError);
            }

            return true;
        }
    }

    /// <summary>Answers every accepted publish of the round with <paramref name="code"/>, its refusals in their places.</summary>
    private static void ReplyAll(PublishRound round, CtrlCode code)
    {
        var sent = 0;
        for (var i = 0; i < round.Accepted.Count; i++)
        {
            sent = ReplyRefusedBefore(round, round.AcceptedAt[i], sent);
            Reply(round.Accepted[i], code);
        }

        ReplyRefusedBefore(round, int.MaxValue, sent);
    }

    /// <summary>Once its append ended: acks the round's publishes and fans out what was stored (500 to all when the append failed).</summary>
    private async Task CompleteAsync(PublishRound round, CancellationToken cancellationToken)
    {
        if (round.Append is null)
        {
            ReplyRefusedBefore(round, int.MaxValue, 0);
            return;
        }

        IReadOnlyList<AppendedMessage> appended;
        try
        {
            appended = (await round.Append).Messages;
        }
        catch (Exception ex) when (ex is not StaleTopicEpochException)
        {
            Services.Log.AppendFailed(ex, Name, round.Drafts.Count);
            ReplyAll(round, CtrlCode.InternalError);
            return;
        }

        var stored = 0;
        for (var i = 0; i < appended.Count; i++)
        {
            if (!appended[i].Duplicate)
            {
                stored++;
                topic = topic! with { Seq = appended[i].Seq, Touched = round.Drafts[i].Ts };
            }
        }

        Services.Metrics.Published(stored, Services.Clock.GetElapsedTime(round.AppendStarted));
        await LinkAttachmentsAsync(round.Accepted, appended, cancellationToken);

        // The store raised each sender's read and recv markers to its last message; the members follow. Walking from
        // the end, a sender's last message comes first and its earlier ones change nothing (one copy per sender).
        var drafts = round.Drafts;
        for (var i = drafts.Count - 1; i >= 0; i--)
        {
            var seq = appended[i].Seq;
            if (!appended[i].Duplicate && members.TryGetValue(drafts[i].From, out var sender) && (sender.Sub.ReadSeq < seq || sender.Sub.RecvSeq < seq))
            {
                sender.Sub = sender.Sub with { ReadSeq = Math.Max(sender.Sub.ReadSeq, seq), RecvSeq = Math.Max(sender.Sub.RecvSeq, seq) };
            }
        }

        // A large group's subscribers get the batch from several threads once the topic's thread is done below.
        var parallel = isP2P ? null : ParallelDelivery.For(attached, Services.Options.ParallelFanOutThreshold, round.Accepted, IsReader);
        DeliverBatch(round, appended, parallel);
        if (parallel is not null)
        {
            Services.Metrics.Delivered(await parallel.RunAsync());
        }
    }

    /// <summary>
    /// Acks and fans out the stored round. Each session is woken once for the whole batch (its acks and messages go
    /// out in one write), so nothing here awaits.
    /// </summary>
    private void DeliverBatch(PublishRound round, IReadOnlyList<AppendedMessage> appended, ParallelDelivery? parallel)
    {
        using var delivery = Sessions.DeliveryBatch.Begin();
        var accepted = round.Accepted;
        var refusalsSent = 0;
        for (var i = 0; i < accepted.Count; i++)
        {
            refusalsSent = ReplyRefusedBefore(round, round.AcceptedAt[i], refusalsSent);
            var command = accepted[i];
            var (seq, duplicate) = appended[i];
            if (!string.IsNullOrEmpty(command.Pub.Id))
            {
                ReplyAccepted(command, seq, duplicate);
                Services.Metrics.PublishAcked(Services.Clock.GetElapsedTime(command.ReceivedAt));
            }

            // A duplicate was fanned out when it was first stored.
            if (!duplicate)
            {
                FanOut(command.Origin, command.Pub.NoEcho, round.Drafts[i], seq, parallel);
                if (IsCallInvite(command.Pub))
                {
                    StartCall(command, round.Drafts[i], seq);
                }
            }
        }

        ReplyRefusedBefore(round, int.MaxValue, refusalsSent);
    }

    /// <summary>
    /// Links the batch's messages to the files they attach, before they are acknowledged. The messages are stored
    /// already: a failure is logged, and the files are then kept only for the grace period.
    /// </summary>
    private async Task LinkAttachmentsAsync(List<PublishCommand> accepted, IReadOnlyList<AppendedMessage> appended, CancellationToken cancellationToken)
    {
        List<MessageFileLink>? links = null;
        for (var i = 0; i < accepted.Count; i++)
        {
            // A duplicate publish was linked when it was first stored.
            if (appended[i].Duplicate)
            {
                continue;
            }

            foreach (var fileId in accepted[i].Attachments)
            {
                (links ??= []).Add(new MessageFileLink(appended[i].Seq, fileId));
            }
        }

        if (links is null || Store.Files is null)
        {
            return;
        }

        try
        {
            await Store.Files.LinkMessagesAsync(Name, links, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Services.Log.FileLinkFailed(ex, Name);
        }
    }

    /// <summary>The client's head without <c>sender</c>, which only the server may set.</summary>
    internal static string? HeadText(Dictionary<string, JsonElement>? head)
    {
        if (head is null || head.Count == 0)
        {
            return null;
        }

        if (head.ContainsKey("sender"))
        {
            head.Remove("sender");
            if (head.Count == 0)
            {
                return null;
            }
        }

        return JsonSerializer.Serialize(head, BrokerJsonContext.Default.DictionaryStringJsonElement);
    }

    /// <summary>
    /// Sends one serialized <c>{data}</c> to every attached session with R (p2p: one per viewer, the topic name
    /// differs), and <c>{pres what:"msg"}</c> on <c>me</c> to members with R+P not attached here. A message of the
    /// system (sender 0) has no <c>from</c>. With <paramref name="parallel"/>, the sessions it covers are left to it.
    /// </summary>
    private void FanOut(ISubscriber? origin, bool noEcho, MessageDraft draft, long seq, ParallelDelivery? parallel = null)
    {
        var sender = draft.From;
        var from = FromText(sender);
        byte[]? shared = null;
        byte[]? toSender = null;
        byte[]? toPeer = null;
        byte[]? toReaders = null;
        var delivered = 0;
        if (parallel is not null)
        {
            shared = DataFrame(SharedName, from, draft, seq);
            toReaders = IsChannel ? DataFrame(ChannelName, null, draft, seq) : null;
            parallel.Add(shared, toReaders);
        }

        foreach (var attachment in attached)
        {
            if (!attachment.Member.Mode.Has(AccessMode.Read) || (noEcho && attachment.Session == origin)
                || (parallel is not null && parallel.Covers(attachment)))
            {
                continue;
            }

            byte[] frame;
            if (IsReader(attachment.Member))
            {
                // Channel readers see the channel as chn… and its messages without the sender.
                frame = toReaders ??= DataFrame(ChannelName, null, draft, seq);
            }
            else if (!isP2P)
            {
                frame = shared ??= DataFrame(SharedName, from, draft, seq);
            }
            else if (attachment.Member.UserId == sender)
            {
                frame = toSender ??= DataFrame(NameFor(sender), from, draft, seq);
            }
            else
            {
                frame = toPeer ??= DataFrame(NameFor(attachment.Member.UserId), from, draft, seq);
            }

            attachment.Session.Send(frame);
            delivered++;
        }

        Services.Metrics.Delivered(delivered);
        Services.Events.MessagePublished(Name, seq, draft, members.Values);
        foreach (var member in members.Values)
        {
            if (member.IsActive && member.Mode.Has(AccessMode.Read | AccessMode.Presence))
            {
                SendPresToMe(member.UserId, "msg", seq, sender == 0 ? null : sender, skipAttached: true);
            }
        }

        if (IsChannel)
        {
            SendMsgPresToAttachedReaders(seq);
        }
    }

    /// <summary>The <c>from</c> of a message: the sender's <c>usr…</c> id, none for the system (0).</summary>
    private static string? FromText(long sender) => sender == 0 ? null : new UserId(sender).ToString();

    private static byte[] DataFrame(string topicName, string? from, MessageDraft draft, long seq) =>
        FrameWriter.Write(new MsgData
        {
            Topic = topicName,
            From = from,
            Ts = draft.Ts,
            Seq = seq,
            Head = RawJson.From(draft.Head),
            Content = new RawJson(draft.Content),
        });

    private async Task HandleNoteAsync(NoteCommand command, CancellationToken cancellationToken)
    {
        if (command.Note.What == "call")
        {
            // Call events may come from a session not attached here (the callee's ringing, accept, hang-up).
            await HandleCallNoteAsync(command, cancellationToken);
            return;
        }

        var attachment = FindAttachment(command.Origin);
        if (attachment is null || topic is null)
        {
            return;
        }

        var member = attachment.Member;
        var note = command.Note;
        var userId = member.UserId;
        switch (note.What)
        {
            case "kp" or "kpa" or "kpv":
                if (!member.Mode.Has(AccessMode.Write))
                {
                    return;
                }

                SendInfo(userId, note.What, null, skipUser: true, skipSession: command.Origin);
                SendInfoToMe(userId, note.What, null);
                return;
            case "read" or "recv":
                if (!member.Mode.Has(AccessMode.Read) || note.Seq > topic.Seq)
                {
                    return;
                }

                var read = member.Sub.ReadSeq;
                var recv = member.Sub.RecvSeq;
                if (note.What == "read")
                {
                    if (note.Seq <= read)
                    {
                        return;
                    }

                    read = note.Seq;
                    recv = Math.Max(recv, read);
                }
                else
                {
                    if (note.Seq <= recv)
                    {
                        return;
                    }

                    recv = note.Seq;
                }

                await Store.Subscriptions.UpdateMarkersAsync(member.Sub.Topic, userId, read, recv, Fence, cancellationToken);
                member.Sub = member.Sub with { ReadSeq = read, RecvSeq = recv };
                if (IsReader(member))
                {
                    // A channel reader's markers are kept, never forwarded.
                    return;
                }

                SendInfo(userId, note.What, note.Seq, skipUser: false, skipSession: command.Origin);
                SendInfoToMe(userId, note.What, note.Seq);
                SendPresToMe(userId, note.What, note.Seq, skipAttached: true, skip: command.Origin);
                return;
        }
    }

    /// <summary><c>{info}</c> from <paramref name="userId"/> to attached sessions with R.</summary>
    private void SendInfo(long userId, string what, long? seq, bool skipUser, ISubscriber? skipSession)
    {
        var from = new UserId(userId).ToString();
        byte[]? shared = null;
        byte[]? toSelf = null;
        foreach (var attachment in attached)
        {
            if (attachment.Session == skipSession || !attachment.Member.Mode.Has(AccessMode.Read)
                || (skipUser && attachment.Member.UserId == userId) || IsReader(attachment.Member))
            {
                continue;
            }

            byte[] frame;
            if (isP2P && attachment.Member.UserId == userId)
            {
                frame = toSelf ??= InfoFrame(NameFor(userId), from, what, seq);
            }
            else
            {
                frame = shared ??= InfoFrame(NameFor(attachment.Member.UserId), from, what, seq);
            }

            attachment.Session.Send(frame);
        }
    }

    /// <summary>
    /// <c>{info topic:"me" src:&lt;topic&gt;}</c> from <paramref name="userId"/> to the other members with R+P who are
    /// online but not attached here (the sender's own sessions get <c>{pres}</c> instead).
    /// </summary>
    private void SendInfoToMe(long userId, string what, long? seq)
    {
        var from = new UserId(userId).ToString();
        byte[]? shared = null;
        foreach (var member in members.Values)
        {
            if (!member.IsActive || member.UserId == userId || !member.Mode.Has(AccessMode.Read | AccessMode.Presence)
                || !Services.Presence.IsOnline(member.UserId))
            {
                continue;
            }

            var frame = isP2P
                ? FrameWriter.Write(new MsgInfo { Topic = TopicNames.Me, Src = NameFor(member.UserId), From = from, What = what, Seq = seq })
                : shared ??= FrameWriter.Write(new MsgInfo { Topic = TopicNames.Me, Src = Name, From = from, What = what, Seq = seq });
            Services.Presence.SendToMe(member.UserId, frame, skipAttachedTo: Name);
        }
    }

    private static byte[] InfoFrame(string topicName, string from, string what, long? seq) =>
        FrameWriter.Write(new MsgInfo { Topic = topicName, From = from, What = what, Seq = seq });
}
