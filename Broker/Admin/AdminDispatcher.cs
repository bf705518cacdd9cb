using Broker.Options;
using Broker.Presence;
using Broker.Protocol.Names;
using Broker.Storage;
using Broker.Topics;
using Microsoft.Extensions.Options;

namespace Broker.Admin;

/// <summary>Hands admin commands to topic actors and waits for their reply; shared helpers of the admin endpoints.</summary>
internal sealed class AdminDispatcher(Hub hub, ITopicRouter router, PresenceRegistry presence, IOptions<AdminOptions> options)
{
    private readonly AdminOptions settings = options.Value;

    /// <summary>The configured system user, if any.</summary>
    public UserId? SystemUser => UserId.TryParse(settings.SystemUser, out var id) ? id : null;

    /// <summary>Queues <paramref name="command"/> on its topic (starting the actor if needed) and awaits the reply.</summary>
    public async Task<AdminReply> SendAsync(AdminCommand command, CancellationToken cancellationToken)
    {
        if (router.SendAdminAsync(command) is { } routed)
        {
            try
            {
                return await routed.WaitAsync(settings.RequestTimeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                return new AdminReply(StatusCodes.Status504GatewayTimeout, null, "the topic did not answer in time");
            }
        }

        // A full queue, or an actor that is just unloading, refuses the post; a second try reaches a fresh actor.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (hub.GetOrStart(command.Target).Post(command))
            {
                try
                {
                    return await command.Completion.WaitAsync(settings.RequestTimeout, cancellationToken);
                }
                catch (TimeoutException)
                {
                    return new AdminReply(StatusCodes.Status504GatewayTimeout, null, "the topic did not answer in time");
                }
            }
        }

        return new AdminReply(StatusCodes.Status503ServiceUnavailable, null, "the topic is busy, retry later");
    }

    public UserView View(UserRecord user) => new()
    {
        Id = new UserId(user.Id).ToString(),
        State = user.State switch
        {
            UserState.Suspended => "suspended",
            UserState.Deleted => "deleted",
            _ => "ok",
        },
        Created = user.Created,
        Updated = user.Updated,
        Public = Protocol.Json.RawJson.From(user.Public),
        Trusted = Protocol.Json.RawJson.From(user.Trusted),
        Tags = user.Tags,
        LastSeen = user.LastSeen,
        Online = presence.IsOnline(user.Id),
        RateLimits = user.RateLimits,
    };

    /// <summary>The topic a name in a URL denotes: a group (<c>grp…</c>) or a p2p topic (<c>p2p…</c>).</summary>
    public static bool TryTopic(string name, out TopicTarget target)
    {
        if (TopicNames.IsValidGroupName(name))
        {
            target = new TopicTarget(name, TopicCategory.Group, name);
            return true;
        }

        if (TopicNames.TryParseP2P(name, out _, out _))
        {
            target = new TopicTarget(name, TopicCategory.P2P, name);
            return true;
        }

        target = null!;
        return false;
    }

    public static TopicTarget MeOf(UserId user) => new(user.ToString(), TopicCategory.Me, TopicNames.Me);
}
