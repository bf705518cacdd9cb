using Broker.Protocol.Access;
using Broker.Protocol.Client;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary><c>{get}</c>: one reply per requested part.</summary>
internal partial class ConversationTopic
{
    private Task HandleGetAsync(GetCommand command, CancellationToken cancellationToken) =>
        ReplyGetAsync(command.Origin, command.Get.Id, command.Target.ClientName, command.Get.ToQuery(),
            FindAttachment(command.Origin) is not null, cancellationToken);

    /// <summary>
    /// Replies to each requested part. A session not attached (Tinode serves it from the store) gets only desc and
    /// its own subscription; asking for nothing else is 403, other parts next to desc/sub are ignored.
    /// </summary>
    private async Task ReplyGetAsync(ISubscriber session, string? id, string clientName, MsgGetQuery query, bool isAttached,
        CancellationToken cancellationToken)
    {
        var parts = GetPartsParser.Parse(query.What);
        if (parts == GetParts.None)
        {
            session.Reply(id, clientName, CtrlCode.Malformed);
            return;
        }

        if (!isAttached)
        {
            parts &= GetParts.Desc | GetParts.Sub;
            if (parts == GetParts.None)
            {
                session.Reply(id, clientName, CtrlCode.PermissionDenied);
                return;
            }
        }

        var member = MemberFor(session.User.Value, clientName.StartsWith(TopicNames.ChannelPrefix, StringComparison.Ordinal));
        if (parts.HasFlag(GetParts.Desc))
        {
            await ReplyDescAsync(session, id, member, query.Desc, cancellationToken);
        }

        if (parts.HasFlag(GetParts.Sub))
        {
            await ReplySubsAsync(session, id, member, query.Sub, isAttached, cancellationToken);
        }

        if (parts.HasFlag(GetParts.Tags))
        {
            ReplyTags(session, id, member);
        }

        if (parts.HasFlag(GetParts.Aux))
        {
            ReplyAux(session, id);
        }

        if (parts.HasFlag(GetParts.Cred))
        {
            session.Reply(id, clientName, CtrlCode.OperationNotAllowed);
        }

        if (parts.HasFlag(GetParts.Data))
        {
            await ReplyDataAsync(session, id, member, query.Data, cancellationToken);
        }

        if (parts.HasFlag(GetParts.Del))
        {
            await ReplyDelAsync(session, id, member, query.Del, cancellationToken);
        }
    }

    private async Task ReplyDescAsync(ISubscriber session, string? id, Member? member, MsgGetOpts? options, CancellationToken cancellationToken)
    {
        var viewer = session.User.Value;
        var clientName = NameFor(viewer);
        if (options is not null && (!string.IsNullOrEmpty(options.User) || options.Limit is not null))
        {
            session.Reply(id, clientName, CtrlCode.Malformed);
            return;
        }

        var desc = new MsgTopicDesc();
        if (isP2P)
        {
            var peer = TopicNames.P2PPeer(Name, session.User).Value;
            if (!p2pUsers.TryGetValue(peer, out var peerUser))
            {
                peerUser = await Store.Users.GetAsync(peer, cancellationToken);
                if (peerUser is null)
                {
                    session.Reply(id, clientName, CtrlCode.UserNotFound);
                    return;
                }
            }

            desc.Public = RawJson.From(peerUser.Public);
            desc.Trusted = RawJson.From(peerUser.Trusted);
            desc.Online = Services.Presence.IsOnline(peer);
            if (!Services.Presence.IsOnline(peer) && peerUser.LastSeen is { } seen)
            {
                desc.Seen = new MsgLastSeen { When = seen, Ua = peerUser.UserAgent };
            }

            if (topic is null)
            {
                desc.Created = peerUser.Created;
                desc.Updated = peerUser.Updated;
                desc.Acs = new MsgAccessModeInfo { Mode = AccessModes.Format(peerUser.DefaultAuth) };
                SendMeta(session, new MsgMeta { Id = id, Topic = clientName, Ts = Now(), Desc = desc });
                return;
            }
        }
        else
        {
            desc.Public = RawJson.From(topic!.Public);
            desc.Trusted = RawJson.From(topic.Trusted);
            desc.SubCount = ActiveMemberCount;
            desc.Chan = topic.IsChannel ? true : null;
            if (member is not null && member.Mode.HasAny(AccessModes.Sharer))
            {
                desc.DefAcs = new MsgDefaultAcs { Auth = AccessModes.Format(topic.DefaultAuth), Anon = AccessModes.Format(topic.DefaultAnon) };
            }

            if (member is not null && member.Mode.Has(AccessMode.Presence))
            {
                desc.Online = attached.Count > 0;
            }
        }

        desc.Created = topic.Created;
        desc.Updated = topic.Updated;
        desc.Touched = topic.Touched;
        if (member is not null)
        {
            desc.Acs = AccessInfo(member.Sub);
            desc.Private = RawJson.From(member.Sub.Private);
            if (member.Mode.Has(AccessMode.Read))
            {
                desc.Seq = topic.Seq;
                desc.Read = member.Sub.ReadSeq;
                desc.Recv = Math.Max(member.Sub.RecvSeq, member.Sub.ReadSeq);
                desc.Clear = Math.Max(member.Sub.DelId, topic.DelId);
            }
        }
        else
        {
            desc.Acs = new MsgAccessModeInfo { Mode = AccessModes.Format(isP2P ? AccessMode.None : topic.DefaultAuth) };
        }

        SendMeta(session, new MsgMeta { Id = id, Topic = clientName, Ts = Now(), Desc = desc });
    }

    private async Task ReplySubsAsync(ISubscriber session, string? id, Member? member, MsgGetOpts? options, bool isAttached,
        CancellationToken cancellationToken)
    {
        var viewer = session.User.Value;
        var clientName = NameFor(viewer);
        if (options is not null && (options.Since is not null || options.Before is not null))
        {
            session.Reply(id, clientName, CtrlCode.Malformed);
            return;
        }

        if (!isAttached)
        {
            // Only the user's own subscription: another user's is 403, none is 404.
            if (options?.User is { Length: > 0 } other && other != new UserId(viewer).ToString())
            {
                session.Reply(id, clientName, CtrlCode.PermissionDenied);
                return;
            }

            if (member is null || topic is null)
            {
                session.Reply(id, clientName, CtrlCode.NotFound);
                return;
            }

            options = new MsgGetOpts { User = new UserId(viewer).ToString(), Ims = options?.Ims };
        }

        if (member is null || topic is null)
        {
            session.Reply(id, clientName, CtrlCode.PermissionDenied);
            return;
        }

        var filter = options?.User;
        var ims = options?.Ims;
        var limit = Math.Min(options?.Limit is > 0 ? options.Limit.Value : Services.Options.MaxResults, Services.Options.MaxResults);
        var listed = new List<Member>();
        // A channel reader sees only its own subscription; readers are never listed to anyone else.
        IEnumerable<Member> candidates = IsReader(member) ? [member] : members.Values;
        foreach (var candidate in candidates)
        {
            // A client that caches the list (ims) also learns who left since: deleted subscriptions, as Tinode reports them.
            var visible = candidate.IsActive || candidate.Sub.Deleted > ims;
            if (visible && (filter is null || new UserId(candidate.UserId).ToString() == filter) && listed.Count < limit)
            {
                listed.Add(candidate);
            }
        }

        if (listed.Count == 0)
        {
            session.Reply(id, clientName, CtrlCode.NoContent, new CtrlParams { What = "sub" });
            return;
        }

        var users = isP2P
            ? p2pUsers
            : (await Store.Users.GetManyAsync([.. listed.Select(m => m.UserId)], cancellationToken)).ToDictionary(u => u.Id);
        var viewerIsSharer = member.Mode.HasAny(AccessModes.Sharer);
        var result = new List<MsgTopicSub>(listed.Count);
        foreach (var listedMember in listed)
        {
            var sub = listedMember.Sub;
            var own = listedMember.UserId == viewer;
            users.TryGetValue(listedMember.UserId, out var user);
            if (sub.Deleted is { } deleted)
            {
                result.Add(new MsgTopicSub { User = new UserId(listedMember.UserId).ToString(), Deleted = deleted });
                continue;
            }

            // With ims, public, trusted and private only when the subscription or the user changed after it.
            var changed = ims is null || sub.Updated > ims || user?.Updated > ims;
            result.Add(new MsgTopicSub
            {
                User = new UserId(listedMember.UserId).ToString(),
                Updated = sub.Updated,
                Online = listedMember.AttachedSessions > 0,
                // Non-sharers see the modes of themselves and of admins only; others' are an empty object.
                Acs = own || viewerIsSharer || listedMember.Mode.HasAny(AccessModes.Admin)
                    ? AccessInfo(sub)
                    : new MsgAccessModeInfo(),
                Read = listedMember.Mode.Has(AccessMode.Read) ? sub.ReadSeq : null,
                Recv = listedMember.Mode.Has(AccessMode.Read) ? Math.Max(sub.RecvSeq, sub.ReadSeq) : null,
                Public = changed ? RawJson.From(user?.Public) : null,
                Trusted = changed ? RawJson.From(user?.Trusted) : null,
                Private = own && changed ? RawJson.From(sub.Private) : null,
            });
        }

        SendMeta(session, new MsgMeta { Id = id, Topic = clientName, Ts = Now(), Sub = result });
    }

    private void ReplyTags(ISubscriber session, string? id, Member? member)
    {
        var clientName = NameFor(session.User.Value);
        if (isP2P)
        {
            session.Reply(id, clientName, CtrlCode.OperationNotAllowed);
            return;
        }

        if (member is null || !IsOwner(member.UserId))
        {
            session.Reply(id, clientName, CtrlCode.PermissionDenied);
            return;
        }

        if (topic!.Tags.Count == 0)
        {
            session.Reply(id, clientName, CtrlCode.NoContent, new CtrlParams { What = "tags" });
            return;
        }

        SendMeta(session, new MsgMeta { Id = id, Topic = clientName, Ts = Now(), Tags = [.. topic.Tags] });
    }

    private async Task ReplyDataAsync(ISubscriber session, string? id, Member? member, MsgGetOpts? options, CancellationToken cancellationToken)
    {
        var viewer = session.User.Value;
        var clientName = NameFor(viewer);
        if (member is null || !member.Mode.Has(AccessMode.Read) || topic is null)
        {
            session.Reply(id, clientName, CtrlCode.PermissionDenied);
            return;
        }

        if (!HistoryQuery.TryBuild(options, Services.Options.MaxPageSize, out var query))
        {
            session.Reply(id, clientName, CtrlCode.Malformed);
            return;
        }

        var messages = await Store.Messages.QueryAsync(Name, viewer, query, cancellationToken);
        if (messages.Count == 0)
        {
            session.Reply(id, clientName, CtrlCode.NoContent, new CtrlParams { What = "data" });
            return;
        }

        foreach (var message in messages)
        {
            session.Send(FrameWriter.Write(new MsgData
            {
                Topic = clientName,
                From = IsReader(member) ? null : FromText(message.From),
                Ts = message.Ts,
                Seq = message.Seq,
                Head = RawJson.From(message.Head),
                Content = RawJson.From(message.Content),
            }));
        }

        session.Reply(id, clientName, CtrlCode.Delivered, new CtrlParams { What = "data", Count = messages.Count });
    }

    private async Task ReplyDelAsync(ISubscriber session, string? id, Member? member, MsgGetOpts? options, CancellationToken cancellationToken)
    {
        var viewer = session.User.Value;
        var clientName = NameFor(viewer);
        if (member is null || !member.Mode.Has(AccessMode.Read) || topic is null)
        {
            session.Reply(id, clientName, CtrlCode.NoContent, new CtrlParams { What = "del" });
            return;
        }

        if (options is not null && (options.Since < 0 || options.Before < 0 || options.Limit < 0))
        {
            session.Reply(id, clientName, CtrlCode.Malformed);
            return;
        }

        var limit = options?.Limit is > 0 ? Math.Min(options.Limit.Value, Services.Options.MaxResults) : Services.Options.MaxResults;
        var deletions = await Store.Messages.GetDeletionsAsync(Name, viewer, options?.Since ?? 0, options?.Before ?? 0, limit, cancellationToken);
        if (deletions.Count == 0)
        {
            session.Reply(id, clientName, CtrlCode.NoContent, new CtrlParams { What = "del" });
            return;
        }

        var ranges = new List<SeqRange>();
        long clear = 0;
        foreach (var deletion in deletions)
        {
            ranges.AddRange(deletion.Ranges);
            clear = Math.Max(clear, deletion.DelId);
        }

        SendMeta(session, new MsgMeta
        {
            Id = id,
            Topic = clientName,
            Ts = Now(),
            Del = new MsgDelValues { Clear = clear, DelSeq = [.. SeqRanges.Merge(ranges).Select(SeqRanges.ToWire)] },
        });
    }

    private static void SendMeta(ISubscriber session, MsgMeta meta) => session.Send(FrameWriter.Write(meta));
}
