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
    /// <summary>Longest wait for this user's presence copies to reach the other nodes before contacts are looked at again.</summary>
    private static readonly TimeSpan CopiesWait = TimeSpan.FromSeconds(5);

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
            case ContactsRecheckCommand recheck:
                await RecheckContactsAsync(recheck.Seen, cancellationToken);
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
        var previousAgent = Services.Presence.UserAgentOf(userId.Value);
        if (Services.Presence.Add(userId.Value, session))
        {
            contactsOnline = [];
            var seen = new HashSet<long>();
            await AnnounceAsync("on", session.UserAgent, contactsOnline, cancellationToken, seen);
            if (Services.Presence.CopiesSent is { } copiesSent)
            {
                _ = RecheckContactsAfterAsync(copiesSent, seen);
            }
        }
        else if (session.UserAgent is { } agent && agent != previousAgent)
        {
            // The user's latest session runs another app: Tinode's {pres what:"ua"} (sent at once, not after 5 s).
            await TellContactsAsync("ua", null, agent, cancellationToken);
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
    /// Cluster: once this user's presence copies have reached the other nodes, looks again at the contacts that were
    /// not online in this node's copies when the user came online. Two contacts coming online on two nodes at once
    /// may each read the other's copy before it arrived. Each looks again once its own copy has reached the other
    /// node, and the later of the two looks finds the other's copy (had both missed, each look would have come before
    /// the other's copy arrived, and so before the other's look); the two then exchange their <c>on</c> as the first
    /// look would have done. A contact that came online in between may hear the <c>on</c> twice.
    /// </summary>
    private async Task RecheckContactsAfterAsync(Func<Task> copiesSent, HashSet<long> seen)
    {
        try
        {
            await copiesSent().WaitAsync(CopiesWait);
        }
        catch (TimeoutException)
        {
            // A node that takes nothing for this long is failing; look again with what arrived.
        }

        Post(new ContactsRecheckCommand(seen));
    }

    private async Task RecheckContactsAsync(IReadOnlySet<long> seen, CancellationToken cancellationToken)
    {
        if (attached.Count == 0)
        {
            return;
        }

        var contactsOnline = new List<byte[]>();
        await AnnounceAsync("on", Services.Presence.UserAgentOf(userId.Value), contactsOnline, cancellationToken, skip: seen);
        foreach (var frame in contactsOnline)
        {
            foreach (var session in attached)
            {
                session.Send(frame);
            }
        }
    }

    /// <summary>
    /// Tells p2p contacts who receive presence from this user that the user came online or went offline. When
    /// <paramref name="contactsOnline"/> is given, it collects an <c>on</c> for every online contact this user
    /// receives presence from (and <paramref name="seen"/> their ids); contacts in <paramref name="skip"/> (and
    /// groups, when it is given) are left out.
    /// </summary>
    private async Task AnnounceAsync(string what, string? userAgent, List<byte[]>? contactsOnline, CancellationToken cancellationToken,
        HashSet<long>? seen = null, IReadOnlySet<long>? skip = null)
    {
        byte[]? frame = null;
        foreach (var sub in await Store.Subscriptions.GetForUserAsync(userId.Value, includeDeleted: false, cancellationToken))
        {
            if (!sub.Topic.StartsWith(TopicNames.P2PPrefix, StringComparison.Ordinal))
            {
                if (skip is not null)
                {
                    continue;
                }

                // A group that is online (loaded, on any node) answers a member coming online with its own "on", as in Tinode.
                if (contactsOnline is not null && sub.Mode.Has(AccessMode.Presence)
                    && sub.Topic.StartsWith(TopicNames.GroupPrefix, StringComparison.Ordinal) && Hub.IsOnline(sub.Topic))
                {
                    contactsOnline.Add(FrameWriter.Write(new MsgPres { Topic = TopicNames.Me, Src = sub.Topic, What = "on" }));
                }

                continue;
            }

            var peer = TopicNames.P2PPeer(sub.Topic, userId).Value;
            if (!Services.Presence.IsOnline(peer) || skip?.Contains(peer) == true)
            {
                continue;
            }

            seen?.Add(peer);

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

    /// <summary>
    /// Tinode's presUsersOfInterest for <c>upd</c> (public or trusted changed; <paramref name="changed"/> is the new
    /// record) and <c>ua</c>: online p2p contacts hear it on their <c>me</c> when this user's subscription has P, and
    /// every loaded group or p2p topic of the user is told (groups pass it to their attached sessions).
    /// </summary>
    private async Task TellContactsAsync(string what, UserRecord? changed, string? userAgent, CancellationToken cancellationToken)
    {
        byte[]? frame = null;
        var command = new MemberChangedCommand(userId.Value, what, changed, userAgent);
        foreach (var sub in await Store.Subscriptions.GetForUserAsync(userId.Value, includeDeleted: false, cancellationToken))
        {
            if (sub.Topic.StartsWith(TopicNames.P2PPrefix, StringComparison.Ordinal))
            {
                var peer = TopicNames.P2PPeer(sub.Topic, userId).Value;
                if (sub.Mode.Has(AccessMode.Presence) && Services.Presence.IsOnline(peer))
                {
                    frame ??= FrameWriter.Write(new MsgPres { Topic = TopicNames.Me, Src = userId.ToString(), What = what, Ua = userAgent });
                    Services.Presence.SendToMe(peer, frame);
                }
            }

            Hub.PostIfLoaded(sub.Topic, command);
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
        Private = RawJson.From(user.Private),
    };

    /// <summary>
    /// The user's subscriptions, each with its topic's public, seq and the user's own markers. With <c>ims</c> (a client
    /// that caches the list) only what changed after it: subscriptions deleted since (<c>topic</c> and <c>deleted</c>
    /// only), changed or touched ones (public, trusted and private only when changed), and a bare <c>{topic, online}</c>
    /// for unchanged topics that are online, as Tinode answers.
    /// </summary>
    private async Task ReplySubscriptionsAsync(ISubscriber session, string? id, MsgGetOpts? options, CancellationToken cancellationToken)
    {
        if (options is not null && (options.Since is not null || options.Before is not null))
        {
            session.Reply(id, TopicNames.Me, CtrlCode.Malformed);
            return;
        }

        var ims = options?.Ims;
        var only = OnlyTopic(options?.Topic);
        var subs = await Store.Subscriptions.GetForUserAsync(userId.Value, includeDeleted: ims is not null, cancellationToken);
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

            if (only is not null && sub.Topic != only)
            {
                continue;
            }

            var isP2P = sub.Topic.StartsWith(TopicNames.P2PPrefix, StringComparison.Ordinal);
            var isSelf = sub.Topic.StartsWith(TopicNames.Slf, StringComparison.Ordinal);
            var clientName = isP2P ? TopicNames.P2PPeer(sub.Topic, userId).ToString() : isSelf ? TopicNames.Slf : sub.Topic;
            if (sub.Deleted is { } deleted)
            {
                if (deleted > ims)
                {
                    result.Add(new MsgTopicSub { Topic = clientName, Deleted = deleted });
                }

                continue;
            }

            // A channel reader's subscription is stored under chn…; the group holds the description.
            var isReader = sub.Topic.StartsWith(TopicNames.ChannelPrefix, StringComparison.Ordinal);
            var topicName = isReader ? TopicNames.ChannelToGroup(sub.Topic) : sub.Topic;
            var topic = await Store.Topics.GetAsync(topicName, cancellationToken);
            if (topic is null)
            {
                continue;
            }

            UserRecord? peerUser = null;
            if (isP2P)
            {
                peers.TryGetValue(TopicNames.P2PPeer(sub.Topic, userId).Value, out peerUser);
            }

            // Online makes no sense for slf (Tinode does not report it).
            var online = isP2P ? Services.Presence.IsOnline(TopicNames.P2PPeer(sub.Topic, userId).Value) : !isSelf && Hub.IsOnline(topicName);
            var described = isP2P ? peerUser?.Updated ?? sub.Updated : topic.Updated;
            var changed = ims is null || sub.Updated > ims || described > ims;
            if (!changed && topic.Touched <= ims)
            {
                if (online)
                {
                    result.Add(new MsgTopicSub { Topic = clientName, Online = true });
                }

                continue;
            }

            var entry = new MsgTopicSub
            {
                Topic = clientName,
                Updated = sub.Updated > described ? sub.Updated : described,
                Acs = new MsgAccessModeInfo { Want = AccessModes.Format(sub.Want), Given = AccessModes.Format(sub.Given), Mode = AccessModes.Format(sub.Mode) },
                Read = sub.ReadSeq,
                Recv = Math.Max(sub.RecvSeq, sub.ReadSeq),
                Touched = topic.Touched,
                Seq = topic.Seq,
                Clear = Math.Max(sub.DelId, topic.DelId),
                Online = isSelf ? null : online,
            };
            if (changed)
            {
                entry.Private = RawJson.From(sub.Private);
                entry.Public = RawJson.From(isP2P ? peerUser?.Public : topic.Public);
                entry.Trusted = RawJson.From(isP2P ? peerUser?.Trusted : topic.Trusted);
            }

            if (isP2P && !online && peerUser?.LastSeen is { } seen)
            {
                entry.Seen = new MsgLastSeen { When = seen, Ua = peerUser.UserAgent };
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

    /// <summary>The stored topic name a <c>{get sub topic}</c> filter on <c>me</c> names: a peer's <c>usr…</c> is the p2p topic.</summary>
    private string? OnlyTopic(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        return UserId.TryParse(name, out var peer) ? TopicNames.P2PName(userId, peer) : name == TopicNames.Slf ? TopicNames.SlfName(userId) : name;
    }

    private async Task SetAsync(SetCommand command, CancellationToken cancellationToken)
    {
        var set = command.Set;
        if (set.Desc is null && set.Sub is null && set.Tags is null && set.Cred is null && set.Aux is null)
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

        if (set.Aux is not null)
        {
            Reply(command, CtrlCode.OperationNotAllowed);
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
            Private = desc.Private is { } own ? JsonValues.Merge(user.Private, own) : user.Private,
        };
        if (updated == user)
        {
            Reply(command, CtrlCode.NotModified);
            return;
        }

        var previousPublic = user.Public;
        user = updated with { Updated = Now() };
        await Store.Users.UpdateAsync(user, cancellationToken);
        if (desc.Public is not null)
        {
            await Files.AvatarLinks.UpdateAsync(Services, FileOwner.OfUser(user.Id), user.Public, cancellationToken);
        }

        Reply(command, CtrlCode.Ok);
        if (desc.Public is not null && user.Public != previousPublic)
        {
            await TellContactsAsync("upd", user, null, cancellationToken);
        }

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
        var change = await Services.Tags.EvaluateAsync(user!.Tags, tags, Store.Tags, cancellationToken);
        if (change.Code != CtrlCode.Ok)
        {
            Reply(command, change.Code);
            return;
        }

        user = user with { Tags = change.Tags, Updated = Now() };
        await Store.Users.UpdateAsync(user, cancellationToken);
        Reply(command, CtrlCode.Ok, change.Params);

        // As Tinode: the user's other sessions on me learn that the tags changed.
        var frame = FrameWriter.Write(new MsgPres { Topic = TopicNames.Me, Src = TopicNames.Me, What = "tags" });
        foreach (var session in attached)
        {
            if (session != command.Origin)
            {
                session.Send(frame);
            }
        }
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
