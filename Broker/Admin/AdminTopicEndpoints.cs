using System.Text.Json;
using Broker.Auth;
using Broker.Json;
using Broker.Options;
using Broker.Protocol.Access;
using Broker.Protocol.Client;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Storage;
using Broker.Topics;
using Microsoft.Extensions.Options;

namespace Broker.Admin;

/// <summary>Topics: list groups, read one with members, create a group, manage members, delete, post messages.</summary>
internal static class AdminTopicEndpoints
{
    private const int DefaultPage = 100;
    private const int MaxPage = 1000;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/topics", ListAsync);
        group.MapPost("/topics", CreateAsync);
        group.MapGet("/topics/{name}", GetAsync);
        group.MapDelete("/topics/{name}", DeleteAsync);
        group.MapPut("/topics/{name}/members/{user}", SetMemberAsync);
        group.MapDelete("/topics/{name}/members/{user}", RemoveMemberAsync);
        group.MapPost("/topics/{name}/messages", PostMessageAsync);
    }

    private static async Task<IResult> ListAsync(string? after, int? limit, StorageBackend store, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxPage)
        {
            return AdminHttp.Error(400, $"limit must be 1 to {MaxPage}");
        }

        var size = limit ?? DefaultPage;
        var page = await store.Topics.ListGroupsAsync(string.IsNullOrEmpty(after) ? null : after, size + 1, cancellationToken);
        var topics = page.Take(size).Select(t => new TopicSummaryView
        {
            Name = t.Name,
            Created = t.Created,
            Updated = t.Updated,
            Touched = t.Touched,
            Owner = t.Owner == 0 ? null : new UserId(t.Owner).ToString(),
            Public = RawJson.From(t.Public),
            Seq = t.Seq,
        }).ToList();
        var next = page.Count > size ? topics[^1].Name : null;
        return AdminHttp.Json(200, new TopicListView(topics, next), AdminJsonContext.Default.TopicListView);
    }

    private static async Task<IResult> GetAsync(string name, AdminDispatcher admin, CancellationToken cancellationToken)
    {
        if (!AdminDispatcher.TryTopic(name, out var target))
        {
            return AdminHttp.Error(400, "not a grp… or p2p… topic name");
        }

        return AdminHttp.From(await admin.SendAsync(new AdminGetTopicCommand(target), cancellationToken));
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, AdminDispatcher admin, StorageBackend store,
        IOptions<BrokerOptions> options, CancellationToken cancellationToken)
    {
        var (body, error) = await AdminHttp.ReadAsync(request, AdminJsonContext.Default.CreateGroupRequest, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        UserId owner;
        if (body.Owner is null)
        {
            if (admin.SystemUser is not { } system)
            {
                return AdminHttp.Error(400, "owner is required (no Broker:Admin:SystemUser is configured)");
            }

            owner = system;
        }
        else if (!UserId.TryParse(body.Owner, out owner))
        {
            return AdminHttp.Error(400, "owner must be a usr… user id");
        }

        var defaults = new DefaultAccess(AccessModes.Public, AccessMode.None);
        if (body.DefAcs is { } defacs
            && !ConversationTopic.TryParseTopicDefaults(new MsgDefaultAcs { Auth = defacs.Auth, Anon = defacs.Anon }, ref defaults))
        {
            return AdminHttp.Error(400, "defacs must be access modes without O");
        }

        if (!TagRules.TryNormalize(body.Tags, options.Value.MaxTagCount, out var tags))
        {
            return AdminHttp.Error(400, "invalid tag");
        }

        var members = new List<(long User, AccessMode Mode)>();
        foreach (var member in body.Members ?? [])
        {
            if (!UserId.TryParse(member.User, out var user))
            {
                return AdminHttp.Error(400, "members[].user must be a usr… user id");
            }

            if (!TryMemberMode(member.Mode, out var mode, out var modeError))
            {
                return modeError!;
            }

            if (members.Any(m => m.User == user.Value) || user == owner)
            {
                return AdminHttp.Error(400, $"{user} is listed twice");
            }

            members.Add((user.Value, mode ?? (defaults.Auth | AccessMode.Join)));
        }

        if (await CheckUsersAsync(store, [owner.Value, .. members.Select(m => m.User)], cancellationToken) is { } missing)
        {
            return missing;
        }

        var name = TopicNames.NewGroupName();
        var command = new AdminCreateGroupCommand(
            new TopicTarget(name, TopicCategory.Group, name, IsNew: true),
            owner.Value,
            body.Public is { } pub ? JsonValues.Merge(null, pub) : null,
            defaults,
            tags,
            members);
        var reply = await admin.SendAsync(command, cancellationToken);
        if (reply.Error is null)
        {
            request.HttpContext.Response.Headers.Location = "/v0/admin/topics/" + name;
        }

        return AdminHttp.From(reply);
    }

    private static async Task<IResult> DeleteAsync(string name, AdminDispatcher admin, CancellationToken cancellationToken)
    {
        if (!AdminDispatcher.TryTopic(name, out var target))
        {
            return AdminHttp.Error(400, "not a grp… or p2p… topic name");
        }

        return AdminHttp.From(await admin.SendAsync(new AdminDeleteTopicCommand(target), cancellationToken));
    }

    /// <summary><c>PUT …/members/{user}</c> with <c>{"mode":"JRWP"}</c>: adds the member (201) or changes the access given (200).</summary>
    private static async Task<IResult> SetMemberAsync(string name, string user, HttpRequest request, AdminDispatcher admin,
        StorageBackend store, CancellationToken cancellationToken)
    {
        if (!TopicNames.IsValidGroupName(name))
        {
            return AdminHttp.Error(400, "members can be managed in groups (grp…) only");
        }

        if (!UserId.TryParse(user, out var userId))
        {
            return AdminHttp.Error(400, "not a usr… user id");
        }

        var (body, error) = await AdminHttp.ReadAsync(request, AdminJsonContext.Default.MemberRequest, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if (!TryMemberMode(body.Mode, out var mode, out var modeError))
        {
            return modeError!;
        }

        if (await CheckUsersAsync(store, [userId.Value], cancellationToken) is { } missing)
        {
            return missing;
        }

        var target = new TopicTarget(name, TopicCategory.Group, name);
        return AdminHttp.From(await admin.SendAsync(new AdminSetMemberCommand(target, userId.Value, mode), cancellationToken));
    }

    private static async Task<IResult> RemoveMemberAsync(string name, string user, AdminDispatcher admin, CancellationToken cancellationToken)
    {
        if (!TopicNames.IsValidGroupName(name))
        {
            return AdminHttp.Error(400, "members can be managed in groups (grp…) only");
        }

        if (!UserId.TryParse(user, out var userId))
        {
            return AdminHttp.Error(400, "not a usr… user id");
        }

        var target = new TopicTarget(name, TopicCategory.Group, name);
        return AdminHttp.From(await admin.SendAsync(new AdminRemoveMemberCommand(target, userId.Value), cancellationToken));
    }

    private static async Task<IResult> PostMessageAsync(string name, HttpRequest request, AdminDispatcher admin,
        IOptions<BrokerOptions> options, CancellationToken cancellationToken)
    {
        if (!AdminDispatcher.TryTopic(name, out var target))
        {
            return AdminHttp.Error(400, "not a grp… or p2p… topic name");
        }

        var (body, error) = await AdminHttp.ReadAsync(request, AdminJsonContext.Default.PostMessageRequest, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if (body.Content is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } content)
        {
            return AdminHttp.Error(400, "content is required");
        }

        var contentText = content.GetRawText();
        if (contentText.Length > options.Value.MaxMessageSize)
        {
            return AdminHttp.Error(413, "content is larger than Broker:MaxMessageSize");
        }

        long from = 0;
        var fromIsSystem = true;
        if (body.From is not null)
        {
            if (!UserId.TryParse(body.From, out var sender))
            {
                return AdminHttp.Error(400, "from must be a usr… user id");
            }

            from = sender.Value;
            fromIsSystem = sender == admin.SystemUser;
        }
        else if (admin.SystemUser is { } system)
        {
            from = system.Value;
        }

        var head = ConversationTopic.HeadText(body.Head);
        return AdminHttp.From(await admin.SendAsync(new AdminPublishCommand(target, from, fromIsSystem, head, contentText), cancellationToken));
    }

    internal static bool TryMemberMode(string? text, out AccessMode? mode, out IResult? error)
    {
        mode = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!AccessModes.TryParse(text, out var parsed))
        {
            error = AdminHttp.Error(400, "mode must be an access mode such as JRWP");
            return false;
        }

        if (parsed.Has(AccessMode.Owner))
        {
            error = AdminHttp.Error(400, "the owner (O) cannot be given by the admin API");
            return false;
        }

        mode = parsed;
        return true;
    }

    /// <summary>Null when every user exists and is active; otherwise the 404/409 to return.</summary>
    internal static async Task<IResult?> CheckUsersAsync(StorageBackend store, long[] ids, CancellationToken cancellationToken)
    {
        var found = (await store.Users.GetManyAsync(ids, cancellationToken)).ToDictionary(u => u.Id);
        foreach (var id in ids)
        {
            if (!found.TryGetValue(id, out var user) || user.State == UserState.Deleted)
            {
                return AdminHttp.Error(404, $"user {new UserId(id)} not found");
            }

            if (user.State != UserState.Ok)
            {
                return AdminHttp.Error(409, $"user {new UserId(id)} is suspended");
            }
        }

        return null;
    }
}
