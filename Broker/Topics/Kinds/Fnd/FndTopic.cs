using System.Text.Json;
using Broker.Json;
using Broker.Protocol.Access;
using Broker.Protocol.Client;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// A user's <c>fnd</c> topic (routable name <c>fnd</c> + the user id's 11 characters): search by tag, as Tinode 0.25.
/// Each attached session sets its own query with <c>{set desc:{public:"…"}}</c> (kept while it is attached); the
/// user's persistent query is <c>desc.private</c>, stored as the private value of the user's <c>fnd</c> subscription
/// and used by a session that set none. <c>{get what:"sub"}</c> answers the users and topics whose tags match.
/// </summary>
internal sealed class FndTopic : TopicActor
{
    private readonly List<ISubscriber> attached = [];
    private readonly Dictionary<ISubscriber, string> queries = [];
    private readonly UserId userId;
    private UserRecord? user;
    private SubscriptionRecord? subscription;

    public FndTopic(string name, Hub hub, TopicServices services)
        : base(name, hub, services)
    {
        UserId.TryParseBody(name, TopicNames.Fnd, out userId);
    }

    /// <summary>The routable name of <paramref name="user"/>'s fnd topic.</summary>
    public static string NameOf(UserId user) => TopicNames.Fnd + user.Body;

    protected override int AttachedCount => attached.Count;

    private StorageBackend Store => Services.Store;

    protected override async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        user = userId.IsZero ? null : await Store.Users.GetAsync(userId.Value, cancellationToken);
        if (user is null)
        {
            return false;
        }

        subscription = await Store.Subscriptions.GetAsync(Name, userId.Value, cancellationToken);
        return true;
    }

    protected override void RejectMissing(TopicCommand command)
    {
        if (command is UserDeletedCommand deleted)
        {
            deleted.Done.TrySetResult();
        }
        else if (command is not DetachCommand and not IdleCheckCommand)
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
                Reply(command, leave.Leave.Unsub ? CtrlCode.PermissionDenied : Detach(leave.Origin) ? CtrlCode.Ok : CtrlCode.NotJoined);
                break;
            case GetCommand get when !attached.Contains(get.Origin):
            case SetCommand set when !attached.Contains(set.Origin):
                Reply(command, CtrlCode.PermissionDenied);
                break;
            case GetCommand get:
                await ReplyGetAsync(get.Origin, get.Get.Id, get.Get.ToQuery(), cancellationToken);
                break;
            case SetCommand set:
                await SetAsync(set, cancellationToken);
                break;
            case DelCommand:
                Reply(command, CtrlCode.PermissionDenied);
                break;
            case DetachCommand detach:
                Detach(detach.Origin);
                break;
            case UserDeletedCommand deleted:
                deleted.Done.TrySetResult();
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
        Reply(command, CtrlCode.Ok);
        if (command.Sub.Get is { } query)
        {
            await ReplyGetAsync(session, command.Sub.Id, query, cancellationToken);
        }
    }

    private bool Detach(ISubscriber session)
    {
        queries.Remove(session);
        if (!attached.Remove(session))
        {
            return false;
        }

        session.OnDetached(this);
        return true;
    }

    private async Task ReplyGetAsync(ISubscriber session, string? id, MsgGetQuery query, CancellationToken cancellationToken)
    {
        var parts = GetPartsParser.Parse(query.What);
        if (parts == GetParts.None)
        {
            session.Reply(id, TopicNames.Fnd, CtrlCode.Malformed);
            return;
        }

        if (parts.HasFlag(GetParts.Desc))
        {
            Send(session, new MsgMeta { Id = id, Topic = TopicNames.Fnd, Ts = Now(), Desc = Describe(session) });
        }

        if (parts.HasFlag(GetParts.Sub))
        {
            await ReplySearchAsync(session, id, query.Sub, cancellationToken);
        }

        if (parts.HasFlag(GetParts.Tags))
        {
            await ReplyAliasOwnerAsync(session, id, cancellationToken);
        }

        foreach (var (part, what) in new[] { (GetParts.Data, "data"), (GetParts.Del, "del") })
        {
            if (parts.HasFlag(part))
            {
                session.Reply(id, TopicNames.Fnd, CtrlCode.NoContent, new CtrlParams { What = what });
            }
        }

        if ((parts & (GetParts.Cred | GetParts.Aux)) != 0)
        {
            session.Reply(id, TopicNames.Fnd, CtrlCode.OperationNotAllowed);
        }
    }

    private MsgTopicDesc Describe(ISubscriber session) => new()
    {
        Created = user!.Created,
        Updated = user.Updated,
        Touched = user.Updated,
        Acs = new MsgAccessModeInfo { Want = AccessModes.Format(AccessModes.Me), Given = AccessModes.Format(AccessModes.Me), Mode = AccessModes.Format(AccessModes.Me) },
        Public = queries.TryGetValue(session, out var own) ? new RawJson(JsonSerializer.Serialize(own, BrokerJsonContext.Default.String)) : null,
        Private = RawJson.From(subscription?.Private),
    };

    /// <summary>The session's own query, else the user's stored one (a JSON string), else none.</summary>
    private string? QueryOf(ISubscriber session)
    {
        if (queries.TryGetValue(session, out var own))
        {
            return own;
        }

        if (subscription?.Private is { } stored)
        {
            using var document = JsonDocument.Parse(stored);
            if (document.RootElement.ValueKind == JsonValueKind.String)
            {
                return document.RootElement.GetString();
            }
        }

        return null;
    }

    private async Task ReplySearchAsync(ISubscriber session, string? id, MsgGetOpts? options, CancellationToken cancellationToken)
    {
        var text = QueryOf(session);

        // As Tinode: an empty or unparsable query finds nothing (204), not an error.
        if (string.IsNullOrWhiteSpace(text) || !SearchQuery.TryParse(text, out var query, out _))
        {
            session.Reply(id, TopicNames.Fnd, CtrlCode.NoContent, new CtrlParams { What = "sub" });
            return;
        }

        var policy = Services.Tags;
        if (query.And.Count + query.Or.Count > policy.Search.MaxTerms)
        {
            session.Reply(id, TopicNames.Fnd, CtrlCode.Malformed, new CtrlParams { What = "query" });
            return;
        }

        var limit = options?.Limit is > 0 ? Math.Min(options.Limit.Value, policy.Search.MaxResults) : policy.Search.MaxResults;
        var search = SearchTerms.ToSearch(query, userId.Value, policy.AliasNamespace, limit, policy.LoginTagFor);
        var terms = search.Terms();
        var matches = terms.Count == 0 ? [] : await Store.Tags.FindAsync(search, cancellationToken);
        if (matches.Count == 0)
        {
            session.Reply(id, TopicNames.Fnd, CtrlCode.NoContent, new CtrlParams { What = "sub" });
            return;
        }

        var searched = terms.Select(t => t.Tag).ToHashSet(StringComparer.Ordinal);
        var result = new List<MsgTopicSub>(matches.Count);
        foreach (var match in matches)
        {
            // As Tinode: a channel is found as chn… with the reader's mode, so that subscribing joins it as a reader.
            result.Add(new MsgTopicSub
            {
                Topic = match.Topic is not { } name ? new UserId(match.UserId).ToString() : match.IsChannel ? TopicNames.GroupToChannel(name) : name,
                Updated = match.Updated,
                Acs = new MsgAccessModeInfo { Mode = AccessModes.Format(match.IsChannel ? AccessMode.Join | AccessMode.Read : match.DefaultAuth) },
                SubCount = match.Topic is null ? null : match.SubscriberCount,
                Public = RawJson.From(match.Public),
                Trusted = RawJson.From(match.Trusted),
                Private = new RawJson(JsonSerializer.Serialize([.. match.Tags.Where(searched.Contains)], BrokerJsonContext.Default.StringArray)),
            });
        }

        Send(session, new MsgMeta { Id = id, Topic = TopicNames.Fnd, Ts = Now(), Sub = result });
    }

    /// <summary>
    /// <c>{get what:"tags"}</c> on fnd, as Tinode: when the session's query is one fully-qualified tag (an alias such
    /// as <c>alias:bob</c>), the user or topic holding it; else 204. Clients use it to check that an alias is free.
    /// </summary>
    private async Task ReplyAliasOwnerAsync(ISubscriber session, string? id, CancellationToken cancellationToken)
    {
        if (queries.TryGetValue(session, out var tag) && Auth.TagRules.IsPrefixed(tag)
            && await Store.Tags.FindOwnerAsync(tag, cancellationToken) is { } owner)
        {
            var found = owner.Topic ?? new UserId(owner.UserId).ToString();
            Send(session, new MsgMeta { Id = id, Topic = TopicNames.Fnd, Ts = Now(), Tags = [found] });
            return;
        }

        session.Reply(id, TopicNames.Fnd, CtrlCode.NoContent, new CtrlParams { What = "tags" });
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

        if (set.Tags is not null || set.Cred is not null)
        {
            Reply(command, CtrlCode.OperationNotAllowed);
        }
    }

    /// <summary>
    /// <c>public</c>: this session's query (a string; anything else clears it), never stored. <c>private</c>: the
    /// user's stored query. <c>trusted</c> → 403; <c>defacs</c> is ignored, as Tinode does.
    /// </summary>
    private async Task SetDescAsync(SetCommand command, MsgSetDesc desc, CancellationToken cancellationToken)
    {
        if (desc.Trusted is not null)
        {
            Reply(command, CtrlCode.PermissionDenied);
            return;
        }

        var changed = false;
        if (desc.Public is { } pub)
        {
            var before = queries.GetValueOrDefault(command.Origin);
            var after = pub.ValueKind == JsonValueKind.String && !JsonValues.IsClear(pub) ? pub.GetString() : null;
            if (after is null)
            {
                queries.Remove(command.Origin);
            }
            else
            {
                queries[command.Origin] = after;
            }

            changed = before != after;
        }

        if (desc.Private is { } priv)
        {
            var stored = JsonValues.Merge(subscription?.Private, priv);
            if (stored != subscription?.Private)
            {
                var now = Now();
                subscription = (subscription ?? new SubscriptionRecord
                {
                    Topic = Name,
                    UserId = userId.Value,
                    Created = now,
                    Updated = now,
                    Want = AccessModes.Me,
                    Given = AccessModes.Me,
                }) with { Private = stored, Updated = now };
                // The user's own fnd subscription: no group's state, and fnd has no epoch to fence by.
                await Store.Subscriptions.UpsertAsync(subscription, fence: null, cancellationToken);
                changed = true;
            }
        }

        Reply(command, changed ? CtrlCode.Ok : CtrlCode.NotModified);
    }

    private static void Send(ISubscriber session, MsgMeta meta) => session.Send(FrameWriter.Write(meta));
}
