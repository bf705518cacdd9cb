using System.Text.Json;
using Broker.Auth;
using Broker.Options;
using Broker.Presence;
using Broker.Sessions;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Protocol.Server;
using Broker.Storage;
using Broker.Topics;
using Microsoft.Extensions.Options;

namespace Broker.Admin;

/// <summary>Users: create, read, update, suspend, delete, issue a login token, send a custom notification.</summary>
internal static class AdminUserEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/users", CreateAsync);
        group.MapGet("/users", FindAsync);
        group.MapGet("/users/{id}", GetAsync);
        group.MapPatch("/users/{id}", UpdateAsync);
        group.MapDelete("/users/{id}", DeleteAsync);
        group.MapPost("/users/{id}/token", IssueTokenAsync);
        group.MapPost("/users/{id}/notify", NotifyAsync);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, AccountService accounts, AdminDispatcher admin,
        IOptions<BrokerOptions> options, CancellationToken cancellationToken)
    {
        var (body, error) = await AdminHttp.ReadAsync(request, AdminJsonContext.Default.CreateUserRequest, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        UserId? id = null;
        if (body.Id is not null)
        {
            if (!UserId.TryParse(body.Id, out var parsed))
            {
                return AdminHttp.Error(400, "id must be a usr… user id");
            }

            id = parsed;
        }

        if (!TagRules.TryNormalize(body.Tags, options.Value.MaxTagCount, out var tags))
        {
            return AdminHttp.Error(400, "invalid tag");
        }

        var reply = await accounts.AdminCreateAsync(body.Login, body.Password, body.External, id, body.Public, tags, cancellationToken);
        if (reply.Value is UserRecord created)
        {
            return TypedResults.Json(admin.View(created), AdminJsonContext.Default.UserView, statusCode: 201);
        }

        return AdminHttp.From(reply);
    }

    /// <summary><c>GET /users?login=…</c> or <c>?external=…</c>: the user with that login or external id.</summary>
    private static async Task<IResult> FindAsync(string? login, string? external, StorageBackend store, AdminDispatcher admin, CancellationToken cancellationToken)
    {
        if ((login is null) == (external is null))
        {
            return AdminHttp.Error(400, "give exactly one of login or external");
        }

        var record = login is not null
            ? await store.Users.GetAuthByUniqueAsync(AccountService.BasicScheme, login.ToLowerInvariant(), cancellationToken)
            : await store.Users.GetAuthByUniqueAsync(AccountService.ExternalScheme, external!, cancellationToken);
        var user = record is null ? null : await store.Users.GetAsync(record.UserId, cancellationToken);
        return user is null ? AdminHttp.Error(404, "user not found") : AdminHttp.Json(200, admin.View(user), AdminJsonContext.Default.UserView);
    }

    private static async Task<IResult> GetAsync(string id, StorageBackend store, AdminDispatcher admin, CancellationToken cancellationToken)
    {
        if (!UserId.TryParse(id, out var userId))
        {
            return AdminHttp.Error(400, "not a usr… user id");
        }

        var user = await store.Users.GetAsync(userId.Value, cancellationToken);
        return user is null ? AdminHttp.Error(404, "user not found") : AdminHttp.Json(200, admin.View(user), AdminJsonContext.Default.UserView);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest request, AdminDispatcher admin, StorageBackend store,
        SessionRegistry sessions, SessionServices sessionServices, CancellationToken cancellationToken)
    {
        if (!UserId.TryParse(id, out var userId))
        {
            return AdminHttp.Error(400, "not a usr… user id");
        }

        var (body, error) = await AdminHttp.ReadAsync(request, AdminJsonContext.Default.UpdateUserRequest, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        UserState? state;
        switch (body.State)
        {
            case null:
                state = null;
                break;
            case "ok":
                state = UserState.Ok;
                break;
            case "suspended":
                state = UserState.Suspended;
                break;
            default:
                return AdminHttp.Error(400, "state must be \"ok\" or \"suspended\"");
        }

        var setLimits = body.RateLimits.ValueKind != JsonValueKind.Undefined;
        UserRateLimits? limits = null;
        if (setLimits && !UserRateLimitsRequest.TryRead(body.RateLimits, out limits, out var invalid))
        {
            return AdminHttp.Error(400, invalid);
        }

        if (body.Public is null && body.Trusted is null && state is null && !setLimits)
        {
            return AdminHttp.Error(400, "nothing to change: give public, trusted, state and/or rateLimits");
        }

        if (body.Trusted is { ValueKind: not System.Text.Json.JsonValueKind.Object and not System.Text.Json.JsonValueKind.String })
        {
            return AdminHttp.Error(400, "trusted must be an object (or \"␡\" to clear it)");
        }

        if (setLimits)
        {
            if (!await store.Users.SetRateLimitsAsync(userId.Value, limits, cancellationToken))
            {
                return AdminHttp.Error(404, "user not found");
            }

            // Sessions already open take the new limits before their next frame.
            var effective = RateLimitSettings.For(limits, sessionServices.DefaultRateLimits);
            foreach (var session in sessions.OfUser(userId.Value))
            {
                session.ApplyUserLimits(effective);
            }
        }

        if (body.Public is null && body.Trusted is null && state is null)
        {
            var user = await store.Users.GetAsync(userId.Value, cancellationToken);
            return user is null ? AdminHttp.Error(404, "user not found") : AdminHttp.Json(200, admin.View(user), AdminJsonContext.Default.UserView);
        }

        var command = new AdminUpdateUserCommand(AdminDispatcher.MeOf(userId), body.Public, state) { Trusted = body.Trusted };
        return AdminHttp.From(await admin.SendAsync(command, cancellationToken), value => admin.View((UserRecord)value with { RateLimits = setLimits ? limits : ((UserRecord)value).RateLimits }));
    }

    /// <summary>
    /// Deletes the account as a client's <c>{del what:"user"}</c> does: every topic drops the user through its own
    /// actor (p2p topics and groups it owns are deleted), then the account and its credentials go and its sessions are
    /// evicted.
    /// </summary>
    private static async Task<IResult> DeleteAsync(string id, StorageBackend store, AccountDeletion deletion, CancellationToken cancellationToken)
    {
        if (!UserId.TryParse(id, out var userId))
        {
            return AdminHttp.Error(400, "not a usr… user id");
        }

        if (await store.Users.GetAsync(userId.Value, cancellationToken) is null)
        {
            return AdminHttp.Error(404, "user not found");
        }

        await deletion.DeleteAsync(userId, requester: null, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> IssueTokenAsync(string id, StorageBackend store, TokenService tokens, CancellationToken cancellationToken)
    {
        if (!UserId.TryParse(id, out var userId))
        {
            return AdminHttp.Error(400, "not a usr… user id");
        }

        var user = await store.Users.GetAsync(userId.Value, cancellationToken);
        if (user is null)
        {
            return AdminHttp.Error(404, "user not found");
        }

        if (user.State != UserState.Ok)
        {
            return AdminHttp.Error(409, "the account is not active");
        }

        var (token, expires) = tokens.Issue(user.Id, AuthLevel.Auth);
        return AdminHttp.Json(200, new TokenView(userId.ToString(), token, expires), AdminJsonContext.Default.TokenView);
    }

    /// <summary>Sends <c>{info topic:"me" what:"custom" payload:…}</c> to the user's sessions attached to <c>me</c>.</summary>
    private static async Task<IResult> NotifyAsync(string id, HttpRequest request, StorageBackend store, PresenceRegistry presence, CancellationToken cancellationToken)
    {
        if (!UserId.TryParse(id, out var userId))
        {
            return AdminHttp.Error(400, "not a usr… user id");
        }

        var (body, error) = await AdminHttp.ReadAsync(request, AdminJsonContext.Default.NotifyRequest, cancellationToken);
        if (body is null)
        {
            return error!;
        }

        if (body.Payload is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } payload)
        {
            return AdminHttp.Error(400, "payload is required");
        }

        if (await store.Users.GetAsync(userId.Value, cancellationToken) is null)
        {
            return AdminHttp.Error(404, "user not found");
        }

        var frame = FrameWriter.Write(new MsgInfo { Topic = TopicNames.Me, What = "custom", Payload = new RawJson(payload.GetRawText()) });
        var sessions = presence.SendToMe(userId.Value, frame);
        return AdminHttp.Json(200, new NotifyView(userId.ToString(), sessions), AdminJsonContext.Default.NotifyView);
    }
}
