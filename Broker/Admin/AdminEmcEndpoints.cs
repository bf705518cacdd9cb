using System.Text.Json;
using Broker.Json;
using Broker.Options;
using Broker.Protocol.Access;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Storage;
using Broker.Topics;
using Microsoft.Extensions.Options;

namespace Broker.Admin;

/// <summary>
/// The external message channel: emc groups (create, list, read, members, delete), inbound messages from the gateway
/// and the delivery status of outbound ones. See docs/server-api.md.
/// </summary>
internal static class AdminEmcEndpoints
{
    private const int DefaultPage = 100;
    private const int MaxPage = 1000;
    private const int MaxReasonLength = 1024;

    /// <summary>Room for the head, addresses and JSON around the largest content a message may have.</summary>
    private const int EnvelopeBytes = 64 * 1024;

    public static void Map(RouteGroupBuilder admin)
    {
        var maxMessage = ((IEndpointRouteBuilder)admin).ServiceProvider.GetRequiredService<IOptions<BrokerOptions>>().Value.MaxMessageSize;
        var group = admin.MapGroup("/emc").AddEndpointFilter(new BodySizeLimitFilter(maxMessage + EnvelopeBytes));
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{topic}", GetAsync);
        group.MapDelete("/{topic}", DeleteAsync);
        group.MapPut("/{topic}/members/{user}", SetMemberAsync);
        group.MapDelete("/{topic}/members/{user}", RemoveMemberAsync);
        group.MapPost("/{topic}/messages", PostInboundAsync);
        group.MapPost("/{topic}/messages/{seq:long}/status", PostStatusAsync);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, AdminDispatcher admin, StorageBackend store, CancellationToken cancellationToken)
    {
        var (body, error) = await AdminHttp.ReadAsync(request, AdminJsonContext.Default.CreateEmcGroupRequest, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        var members = new List<(long User, AccessMode Mode)>();
        foreach (var member in body.Members ?? [])
        {
            if (!UserId.TryParse(member, out var user))
            {
                return AdminHttp.Error(400, "members must be usr… user ids");
            }

            if (members.Any(m => m.User == user.Value))
            {
                return AdminHttp.Error(400, $"{user} is listed twice");
            }

            members.Add((user.Value, EmcAccess.Agent));
        }

        if (await AdminTopicEndpoints.CheckUsersAsync(store, [.. members.Select(m => m.User)], cancellationToken) is { } missing)
        {
            return missing;
        }

        // A group's name must not be the emc name of a user (that is the user's own topic).
        string name;
        do
        {
            name = TopicNames.NewEmcGroupName();
        }
        while (TopicNames.TryParseEmcUser(name, out var clash) && await store.Users.GetAsync(clash.Value, cancellationToken) is not null);

        var command = new AdminCreateGroupCommand(
            new TopicTarget(name, TopicCategory.Emc, name, IsNew: true),
            Owner: 0,
            body.Public is { } pub ? JsonValues.Merge(null, pub) : null,
            new DefaultAccess(AccessMode.None, AccessMode.None),
            [],
            members);
        var reply = await admin.SendAsync(command, cancellationToken);
        if (reply.Error is null)
        {
            request.HttpContext.Response.Headers.Location = "/v0/admin/emc/" + name;
        }

        return AdminHttp.From(reply, ViewOf);
    }

    private static async Task<IResult> ListAsync(string? after, int? limit, StorageBackend store, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxPage)
        {
            return AdminHttp.Error(400, $"limit must be 1 to {MaxPage}");
        }

        var size = limit ?? DefaultPage;
        var page = await store.Topics.ListOwnerlessAsync(TopicNames.EmcPrefix, string.IsNullOrEmpty(after) ? null : after, size + 1, cancellationToken);
        var groups = page.Take(size).Select(t => new EmcGroupView
        {
            Topic = t.Name,
            Created = t.Created,
            Updated = t.Updated,
            Touched = t.Touched,
            Public = RawJson.From(t.Public),
            Seq = t.Seq,
        }).ToList();
        var next = page.Count > size ? groups[^1].Topic : null;
        return AdminHttp.Json(200, new EmcGroupListView(groups, next), AdminJsonContext.Default.EmcGroupListView);
    }

    private static async Task<IResult> GetAsync(string topic, AdminDispatcher admin, CancellationToken cancellationToken)
    {
        if (!TryEmc(topic, out var target, out var invalid))
        {
            return invalid;
        }

        return AdminHttp.From(await admin.SendAsync(new AdminGetTopicCommand(target), cancellationToken), ViewOf);
    }

    private static async Task<IResult> DeleteAsync(string topic, AdminDispatcher admin, CancellationToken cancellationToken)
    {
        if (!TryEmc(topic, out var target, out var invalid))
        {
            return invalid;
        }

        return AdminHttp.From(await admin.SendAsync(new AdminDeleteTopicCommand(target), cancellationToken));
    }

    /// <summary><c>PUT …/members/{user}</c>, optionally with <c>{"mode":"JRWP"}</c> (default: an agent's <c>JRWP</c>).</summary>
    private static async Task<IResult> SetMemberAsync(string topic, string user, HttpRequest request, AdminDispatcher admin,
        StorageBackend store, CancellationToken cancellationToken)
    {
        if (!TryEmc(topic, out var target, out var invalid))
        {
            return invalid;
        }

        if (!UserId.TryParse(user, out var userId))
        {
            return AdminHttp.Error(400, "not a usr… user id");
        }

        AccessMode? mode = null;
        if (request.ContentLength > 0)
        {
            var (body, error) = await AdminHttp.ReadAsync(request, AdminJsonContext.Default.MemberRequest, cancellationToken);
            if (body is null)
            {
                return error!;
            }

            if (!AdminTopicEndpoints.TryMemberMode(body.Mode, out mode, out var modeError))
            {
                return modeError!;
            }
        }

        if (await AdminTopicEndpoints.CheckUsersAsync(store, [userId.Value], cancellationToken) is { } missing)
        {
            return missing;
        }

        return AdminHttp.From(await admin.SendAsync(new AdminSetMemberCommand(target, userId.Value, mode ?? EmcAccess.Agent), cancellationToken));
    }

    private static async Task<IResult> RemoveMemberAsync(string topic, string user, AdminDispatcher admin, CancellationToken cancellationToken)
    {
        if (!TryEmc(topic, out var target, out var invalid))
        {
            return invalid;
        }

        if (!UserId.TryParse(user, out var userId))
        {
            return AdminHttp.Error(400, "not a usr… user id");
        }

        return AdminHttp.From(await admin.SendAsync(new AdminRemoveMemberCommand(target, userId.Value), cancellationToken));
    }

    private static async Task<IResult> PostInboundAsync(string topic, HttpRequest request, AdminDispatcher admin,
        IOptions<BrokerOptions> options, IOptions<EmcOptions> emcOptions, CancellationToken cancellationToken)
    {
        if (!TryEmc(topic, out var target, out var invalid))
        {
            return invalid;
        }

        var (body, error) = await AdminHttp.ReadAsync(request, AdminJsonContext.Default.EmcInboundRequest, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if (body.Channel is null || !emcOptions.Value.EffectiveChannels.Contains(body.Channel, StringComparer.Ordinal))
        {
            return AdminHttp.Error(400, "channel must be one of " + string.Join(", ", emcOptions.Value.EffectiveChannels));
        }

        if (body.From is not { Length: > 0 and <= EmcHead.MaxAddressLength } || body.To is { Length: 0 or > EmcHead.MaxAddressLength })
        {
            return AdminHttp.Error(400, $"from is required; from and to are at most {EmcHead.MaxAddressLength} characters");
        }

        if (body.ExternalId is { Length: 0 or > EmcHead.MaxAddressLength })
        {
            return AdminHttp.Error(400, $"external_id must be 1 to {EmcHead.MaxAddressLength} characters");
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

        var head = EmcHead.Inbound(body.Head, body.Channel, body.From, body.To);
        var reply = await admin.SendAsync(new AdminEmcInboundCommand(target, head, contentText, body.ExternalId), cancellationToken);
        return AdminHttp.From(reply);
    }

    private static async Task<IResult> PostStatusAsync(string topic, long seq, HttpRequest request, AdminDispatcher admin, CancellationToken cancellationToken)
    {
        if (!TryEmc(topic, out var target, out var invalid))
        {
            return invalid;
        }

        var (body, error) = await AdminHttp.ReadAsync(request, AdminJsonContext.Default.EmcStatusRequest, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if (seq < 1 || body.Status is not ("delivered" or "failed") || body.Reason is { Length: > MaxReasonLength })
        {
            return AdminHttp.Error(400, $"status must be delivered or failed, reason at most {MaxReasonLength} characters, seq positive");
        }

        return AdminHttp.From(await admin.SendAsync(new AdminEmcStatusCommand(target, seq, body.Status, body.Reason), cancellationToken));
    }

    private static bool TryEmc(string name, out TopicTarget target, out IResult invalid)
    {
        invalid = null!;
        if (TopicNames.IsValidEmcName(name))
        {
            target = new TopicTarget(name, TopicCategory.Emc, name);
            return true;
        }

        target = null!;
        invalid = AdminHttp.Error(400, "not an emc… topic name");
        return false;
    }

    private static object ViewOf(object value)
    {
        var topic = (TopicView)value;
        return new EmcGroupView
        {
            Topic = topic.Name,
            Created = topic.Created,
            Updated = topic.Updated,
            Touched = topic.Touched,
            User = topic.Owner,
            Public = topic.Public,
            Seq = topic.Seq,
            Members = topic.Members,
        };
    }
}
