using Broker.Auth;
using Broker.Json;
using Broker.Protocol.Access;
using Broker.Protocol.Client;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// A user's <c>me</c> topic (routable name <c>usr…</c>): the user's profile, subscription list, tags and
/// credentials, and online presence. The first attached session makes the user online, the last one offline.
/// </summary>
internal sealed partial class MeTopic : TopicActor
{
    private readonly List<ISubscriber> attached = [];
    private readonly UserId userId;
    private UserRecord? user;

    public MeTopic(string name, Hub hub, TopicServices services)
        : base(name, hub, services)
    {
        UserId.TryParse(name, out userId);
    }

    protected override int AttachedCount => attached.Count;

    private StorageBackend Store => Services.Store;

    protected override async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        user = await Store.Users.GetAsync(userId.Value, cancellationToken);
        return user is not null;
    }

    protected override void RejectMissing(TopicCommand command)
    {
        if (command is not DetachCommand and not IdleCheckCommand)
        {
            Reply(command, CtrlCode.UserNotFound);
        }
    }

    protected override Task HandlePublishBatchAsync(List<PublishCommand> batch, CancellationToken cancellationToken)
    {
        foreach (var command in batch)
        {
            Reply(command, CtrlCode.PermissionDenied);
        }

        return Task.CompletedTask;
    }

    protected override async Task HandleAsync(TopicCommand command, CancellationToken cancellationToken)
    {
        if (command.Session is { } origin && origin.User != userId)
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        switch (command)
        {
            case SubscribeCommand sub:
                await SubscribeAsync(sub, cancellationToken);
                break;
            case LeaveCommand leave:
                if (leave.Leave.Unsub)
                {
                    Reply(command, CtrlCode.PermissionDenied);
                }
                else if (await DetachAsync(leave.Origin, cancellationToken))
                {
                    Reply(command, CtrlCode.Ok);
                }
                else
                {
                    Reply(command, CtrlCode.NotJoined);
                }

                break;
            case GetCommand get:
                await ReplyGetAsync(get.Origin, get.Get.Id, get.Get.ToQuery(), cancellationToken);
                break;
            case SetCommand set:
                await SetAsync(set, cancellationToken);
                break;
            case DelCommand del when del.Del.What == "cred":
                await DelCredAsync(del, cancellationToken);
                break;
            case DelCommand:
                Reply(command, CtrlCode.PermissionDenied);
                break;
            case NoteCommand:
                break;
            case DetachCommand detach:
                await DetachAsync(detach.Origin, cancellationToken);
                break;
            case AdminUpdateUserCommand update:
                await AdminUpdateAsync(update, cancellationToken);
                break;
            case CredentialTagsCommand tags:
                await ApplyCredentialTagsAsync(tags, cancellationToken);
                break;
            case AdminCommand admin:
                admin.Fail(CtrlCode.OperationNotAllowed);
                break;
        }
    }

    private async Task SubscribeAsync(SubscribeCommand command, CancellationToken cancellationToken)
    {
        var session = command.Origin;
        if (attached.Contains(session))
        {
            Reply(command, CtrlCode.AlreadySubscribed);
            return;
        }

        attached.Add(session);
        session.OnAttached(this);
        List<byte[]>? contactsOnline = null;
        if (Services.Presence.Add(userId.Value, session))
        {
            contactsOnline = [];
            await AnnounceAsync("on", session.UserAgent, contactsOnline, cancellationToken);
        }

        Reply(command, CtrlCode.Ok);
        if (command.Sub.Get is { } query)
        {
            await ReplyGetAsync(session, command.Sub.Id, query, cancellationToken);
        }

        // The user just came online: tell it which contacts already are (Tinode answers the "on" with theirs).
        foreach (var frame in contactsOnline ?? [])
        {
            session.Send(frame);
        }
    }

    private async Task<bool> DetachAsync(ISubscriber session, CancellationToken cancellationToken)
    {
        if (!attached.Remove(session))
        {
            return false;
        }

        session.OnDetached(this);
        if (Services.Presence.Remove(userId.Value, session))
        {
            var now = Now();
            await Store.Users.UpdateLastSeenAsync(userId.Value, now, session.UserAgent, cancellationToken);
            user = user! with { LastSeen = now, UserAgent = session.UserAgent };
            await AnnounceAsync("off", session.UserAgent, null, cancellationToken);
        }

        return true;
    }

    /// <summary>
    /// Tells p2p contacts who receive presence from this user that the user came online or went offline. When
    /// <paramref name="contactsOnline"/> is given, it collects an <c>on</c> for every online contact this user
    /// receives presence from.
    /// </summary>
    private async Task AnnounceAsync(string what, string? userAgent, List<byte[]>? contactsOnline, CancellationToken cancellationToken)
    {
        byte[]? frame = null;
        foreach (var sub in await Store.Subscriptions.GetForUserAsync(userId.Value, includeDeleted: false, cancellationToken))
        {
            if (!sub.Topic.StartsWith(TopicNames.P2PPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var peer = TopicNames.P2PPeer(sub.Topic, userId).Value;
            if (!Services.Presence.IsOnline(peer))
            {
                continue;
            }

            if (contactsOnline is not null && sub.Mode.Has(AccessMode.Presence))
            {
                contactsOnline.Add(FrameWriter.Write(new MsgPres
                {
                    Topic = TopicNames.Me,
                    Src = new UserId(peer).ToString(),
                    What = "on",
                    Ua = Services.Presence.UserAgentOf(peer),
                }));
            }

            var peerSub = await Store.Subscriptions.GetAsync(sub.Topic, peer, cancellationToken);
            if (peerSub is null || peerSub.Deleted is not null || !peerSub.Mode.Has(AccessMode.Presence))
            {
                continue;
            }

            frame ??= FrameWriter.Write(new MsgPres { Topic = TopicNames.Me, Src = userId.ToString(), What = what, Ua = userAgent });
            Services.Presence.SendToMe(peer, frame);
        }
    }

    private async Task ReplyGetAsync(ISubscriber session, string? id, MsgGetQuery query, CancellationToken cancellationToken)
    {
        var parts = GetPartsParser.Parse(query.What);
        if (parts == GetParts.None)
        {
            session.Reply(id, TopicNames.Me, CtrlCode.Malformed);
            return;
        }

        if (parts.HasFlag(GetParts.Desc))
        {
            Send(session, new MsgMeta { Id = id, Topic = TopicNames.Me, Ts = Now(), Desc = Describe() });
        }

        if (parts.HasFlag(GetParts.Sub))
        {
            await ReplySubscriptionsAsync(session, id, query.Sub, cancellationToken);
        }

        if (parts.HasFlag(GetParts.Tags))
        {
            if (user!.Tags.Count == 0)
            {
                session.Reply(id, TopicNames.Me, CtrlCode.NoContent, new CtrlParams { What = "tags" });
            }
            else
            {
                Send(session, new MsgMeta { Id = id, Topic = TopicNames.Me, Ts = Now(), Tags = [.. user.Tags] });
            }
        }

        if (parts.HasFlag(GetParts.Cred))
        {
            var credentials = await Store.Users.GetCredentialsAsync(userId.Value, cancellationToken);
            if (credentials.Count == 0)
            {
                session.Reply(id, TopicNames.Me, CtrlCode.NoContent, new CtrlParams { What = "creds" });
            }
            else
            {
                Send(session, new MsgMeta
                {
                    Id = id,
                    Topic = TopicNames.Me,
                    Ts = Now(),
                    Cred = [.. credentials.Select(c => new MsgCredInfo { Meth = c.Method, Val = c.Value, Done = c.Done })],
                });
            }
        }

        if (parts.HasFlag(GetParts.Data))
        {
            session.Reply(id, TopicNames.Me, CtrlCode.NoContent, new CtrlParams { What = "data" });
        }

        if (parts.HasFlag(GetParts.Del))
        {
            session.Reply(id, TopicNames.Me, CtrlCode.NoContent, new CtrlParams { What = "del" });
        }

        if (parts.HasFlag(GetParts.Aux))
        {
            session.Reply(id, TopicNames.Me, CtrlCode.OperationNotAllowed);
        }
    }

    private MsgTopicDesc Describe() => new()
    {
        Created = user!.Created,
        Updated = user.Updated,
        Touched = user.Updated,
        DefAcs = new MsgDefaultAcs { Auth = AccessModes.Format(user.DefaultAuth), Anon = AccessModes.Format(user.DefaultAnon) },
        Acs = new MsgAccessModeInfo { Want = AccessModes.Format(AccessModes.Me), Given = AccessModes.Format(AccessModes.Me), Mode = AccessModes.Format(AccessModes.Me) },
        Public = RawJson.From(user.Public),
        Trusted = RawJson.From(user.Trusted),
    };

    /// <summary>The user's subscriptions, each with its topic's public, seq and the user's own markers.</summary>
    private async Task ReplySubscriptionsAsync(ISubscriber session, string? id, MsgGetOpts? options, CancellationToken cancellationToken)
    {
        var subs = await Store.Subscriptions.GetForUserAsync(userId.Value, includeDeleted: false, cancellationToken);
        var limit = options?.Limit is > 0 ? Math.Min(options.Limit.Value, Services.Options.MaxResults) : Services.Options.MaxResults;
        var peers = new Dictionary<long, UserRecord>();
        var peerIds = subs.Where(s => s.Topic.StartsWith(TopicNames.P2PPrefix, StringComparison.Ordinal))
            .Select(s => TopicNames.P2PPeer(s.Topic, userId).Value).ToList();
        foreach (var peerUser in await Store.Users.GetManyAsync(peerIds, cancellationToken))
        {
            peers[peerUser.Id] = peerUser;
        }

        var result = new List<MsgTopicSub>();
        foreach (var sub in subs)
        {
            if (result.Count >= limit)
            {
                break;
            }

            var topic = await Store.Topics.GetAsync(sub.Topic, cancellationToken);
            if (topic is null)
            {
                continue;
            }

            var entry = new MsgTopicSub
            {
                Updated = sub.Updated,
                Acs = new MsgAccessModeInfo { Want = AccessModes.Format(sub.Want), Given = AccessModes.Format(sub.Given), Mode = AccessModes.Format(sub.Mode) },
                Read = sub.ReadSeq,
                Recv = Math.Max(sub.RecvSeq, sub.ReadSeq),
                Private = RawJson.From(sub.Private),
                Touched = topic.Touched,
                Seq = topic.Seq,
                Clear = Math.Max(sub.DelId, topic.DelId),
            };
            if (sub.Topic.StartsWith(TopicNames.P2PPrefix, StringComparison.Ordinal))
            {
                var peer = TopicNames.P2PPeer(sub.Topic, userId);
                entry.Topic = peer.ToString();
                entry.Online = Services.Presence.IsOnline(peer.Value);
                if (peers.TryGetValue(peer.Value, out var peerUser))
                {
                    entry.Public = RawJson.From(peerUser.Public);
                    entry.Trusted = RawJson.From(peerUser.Trusted);
                    if (entry.Online != true && peerUser.LastSeen is { } seen)
                    {
                        entry.Seen = new MsgLastSeen { When = seen, Ua = peerUser.UserAgent };
                    }
                }
            }
            else
            {
                entry.Topic = sub.Topic;
                entry.Public = RawJson.From(topic.Public);
                entry.Trusted = RawJson.From(topic.Trusted);
                entry.Online = Hub.TryGet(sub.Topic) is not null;
            }

            result.Add(entry);
        }

        if (result.Count == 0)
        {
            session.Reply(id, TopicNames.Me, CtrlCode.NoContent, new CtrlParams { What = "sub" });
            return;
        }

        Send(session, new MsgMeta { Id = id, Topic = TopicNames.Me, Ts = Now(), Sub = result });
    }

    private async Task SetAsync(SetCommand command, CancellationToken cancellationToken)
    {
        var set = command.Set;
        if (set.Desc is null && set.Sub is null && set.Tags is null && set.Cred is null)
        {
            Reply(command, CtrlCode.Malformed);
            return;
        }

        if (set.Desc is { } desc)
        {
            await SetDescAsync(command, desc, cancellationToken);
        }

        if (set.Sub is not null)
        {
            Reply(command, CtrlCode.PermissionDenied);
        }

        if (set.Tags is { } tags)
        {
            await SetTagsAsync(command, tags, cancellationToken);
        }

        if (set.Cred is { } cred)
        {
            await SetCredAsync(command, cred, cancellationToken);
        }
    }

    private async Task SetDescAsync(SetCommand command, MsgSetDesc desc, CancellationToken cancellationToken)
    {
        if (desc.Trusted is not null)
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        var auth = user!.DefaultAuth;
        var anon = user.DefaultAnon;
        if (desc.DefAcs is { } defacs && !AccountService.TryParseUserDefaults(defacs, ref auth, ref anon))
        {
            Reply(command, CtrlCode.Malformed);
            return;
        }

        var updated = user with
        {
            DefaultAuth = auth,
            DefaultAnon = anon,
            Public = desc.Public is { } pub ? JsonValues.Merge(user.Public, pub) : user.Public,
        };
        if (updated == user)
        {
            Reply(command, CtrlCode.NotModified);
            return;
        }

        user = updated with { Updated = Now() };
        await Store.Users.UpdateAsync(user, cancellationToken);
        if (desc.Public is not null)
        {
            await Files.AvatarLinks.UpdateAsync(Services, FileOwner.OfUser(user.Id), user.Public, cancellationToken);
        }

        Reply(command, CtrlCode.Ok);
        var frame = FrameWriter.Write(new MsgPres { Topic = TopicNames.Me, Src = TopicNames.Me, What = "upd" });
        foreach (var session in attached)
        {
            if (session != command.Origin)
            {
                session.Send(frame);
            }
        }
    }

    private async Task SetTagsAsync(SetCommand command, string[] tags, CancellationToken cancellationToken)
    {
        if (!TagRules.TryNormalize(tags, Services.Options.MaxTagCount, out var normalized))
        {
            Reply(command, CtrlCode.Malformed);
            return;
        }

        var added = normalized.Count(t => !user!.Tags.Contains(t));
        var removed = user!.Tags.Count(t => !normalized.Contains(t));
        if (added == 0 && removed == 0)
        {
            Reply(command, CtrlCode.NotModified);
            return;
        }

        user = user with { Tags = normalized, Updated = Now() };
        await Store.Users.UpdateAsync(user, cancellationToken);
        Reply(command, CtrlCode.Ok, new CtrlParams { Added = added > 0 ? added : null, Removed = removed > 0 ? removed : null });
    }

    /// <summary>The sessions stay in <c>attached</c> so that <see cref="OnUnloaded"/> takes them out of the presence registry.</summary>
    protected override int TerminateAttachments()
    {
        foreach (var session in attached)
        {
            session.Send(TermFrame(TopicNames.Me));
            session.OnDetached(this);
        }

        return attached.Count;
    }

    protected override void OnUnloaded()
    {
        foreach (var session in attached)
        {
            Services.Presence.Remove(userId.Value, session);
        }
    }

    private static void Send(ISubscriber session, MsgMeta meta) => session.Send(FrameWriter.Write(meta));
}
