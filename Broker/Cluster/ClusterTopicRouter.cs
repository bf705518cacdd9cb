using System.Collections.Concurrent;
using Broker.Topics;

namespace Broker.Cluster;

/// <summary>
/// A cluster node's side of the session/topic seam: every command goes to its topic's grain through this node's
/// one <see cref="TopicSender"/> for that topic, wherever the grain lives (this node included). A sender idle for
/// <see cref="ClusterCalls.SenderIdleTimeout"/> is dropped (retired); a session still holding it is passed on to
/// the topic's next sender, so there is never more than one sending to a topic.
/// </summary>
internal sealed class ClusterTopicRouter : ITopicRouter, IDisposable
{
    private readonly ConcurrentDictionary<string, TopicSender> senders = new(StringComparer.Ordinal);
    private readonly IGrainFactory grains;
    private readonly ILocalSiloDetails silo;
    private readonly ClusterLog log;
    private readonly TimeProvider clock;
    private readonly Observability.BrokerMetrics metrics;
    private readonly ClusterEviction? eviction;
    private long batches;
    private readonly ITimer sweeper;

    public ClusterTopicRouter(IGrainFactory grains, ILocalSiloDetails silo, ClusterLog log, TimeProvider clock, Observability.BrokerMetrics metrics,
        ClusterEviction? eviction = null)
    {
        this.grains = grains;
        this.eviction = eviction;
        this.silo = silo;
        this.log = log;
        this.clock = clock;
        this.metrics = metrics;
        sweeper = clock.CreateTimer(static state => ((ClusterTopicRouter)state!).DropIdleSenders(), this, ClusterCalls.SenderIdleTimeout, ClusterCalls.SenderIdleTimeout);
    }

    /// <summary>Senders currently kept (one per topic this node's sessions sent to lately).</summary>
    public int SenderCount => senders.Count;

    /// <summary>
    /// Whether a topic is loaded is known only where it lives (the grain answers a request that needs it); a sender
    /// past its capacity answers 503 at once.
    /// </summary>
    public ValueTask<PostOutcome> PostAsync(TopicTarget target, TopicCommand command, bool loadedOnly, TimeSpan wait, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SenderFor(target.Routable).Post(command) ? PostOutcome.Posted : PostOutcome.QueueFull);

    public ITopicHandle HandleOf(TopicActor topic) => SenderFor(topic.Name);

    /// <summary>Every admin command goes to its topic's grain, wherever it lives: the topic's one owner handles it.</summary>
    public Task<AdminReply>? SendAdminAsync(AdminCommand command) =>
        command is AdminPublishCommand publish ? PublishAsAdminAsync(publish) : SendAsAdminAsync(command);

    private async Task<AdminReply> SendAsAdminAsync(AdminCommand command)
    {
        metrics.ClusterCall("admin");
        try
        {
            var reply = await grains.GetGrain<ITopicGrain>(command.Target.Routable).AdminAsync(AdminCalls.ToCall(command)).WaitAsync(ClusterCalls.Timeout);
            return AdminCalls.FromReply(reply);
        }
        catch (TimeoutException)
        {
            return new AdminReply(StatusCodes.Status504GatewayTimeout, null, "the topic did not answer in time");
        }
        catch (Exception ex)
        {
            log.TopicCallFailed(ex, command.Target.Routable, 1, StatusCodes.Status503ServiceUnavailable);
            return new AdminReply(StatusCodes.Status503ServiceUnavailable, null, "the topic's node did not answer, retry later");
        }
    }

    private async Task<AdminReply> PublishAsAdminAsync(AdminPublishCommand publish)
    {
        metrics.ClusterCall("admin_publish");
        var call = new AdminPublishCall
        {
            Category = (int)publish.Target.Category,
            ClientName = publish.Target.ClientName,
            From = publish.From,
            FromIsSystem = publish.FromIsSystem,
            Head = publish.Head,
            Content = publish.Content,
        };
        AdminPublishReply reply;
        try
        {
            reply = await grains.GetGrain<ITopicGrain>(publish.Target.Routable).AdminPublishAsync(call).WaitAsync(ClusterCalls.Timeout);
        }
        catch (TimeoutException)
        {
            return new AdminReply(StatusCodes.Status504GatewayTimeout, null, "the topic did not answer in time");
        }
        catch (Exception ex)
        {
            log.TopicCallFailed(ex, publish.Target.Routable, 1, StatusCodes.Status503ServiceUnavailable);
            return new AdminReply(StatusCodes.Status503ServiceUnavailable, null, "the topic's node did not answer, retry later");
        }

        return reply.Error is not null
            ? new AdminReply(reply.Status, null, reply.Error)
            : new AdminReply(reply.Status, new Admin.PublishedView(publish.Target.Routable, reply.Seq, reply.Ts), null);
    }

    public Task DeleteUserAsync(string routable, long userId, CancellationToken cancellationToken)
    {
        metrics.ClusterCall("user_deleted");
        return grains.GetGrain<ITopicGrain>(routable).UserDeletedAsync(userId).WaitAsync(cancellationToken);
    }

    public Task EvictUserElsewhereAsync(long userId) => eviction?.EvictAsync(userId) ?? Task.CompletedTask;

    /// <summary>The number of this node's next batch to any topic: increasing, so a topic can tell an overtaken batch (<see cref="ITopicGrain.DeliverAsync"/>).</summary>
    public long NextBatch() => Interlocked.Increment(ref batches);

    public TopicSender SenderFor(string routable) =>
        senders.TryGetValue(routable, out var sender) && !sender.IsRetired ? sender : Successor(routable);

    /// <summary>Drops the senders that sent nothing for the idle timeout and have nothing in flight.</summary>
    public void DropIdleSenders()
    {
        var now = clock.GetTimestamp();
        foreach (var (name, sender) in senders)
        {
            if (clock.GetElapsedTime(sender.LastUsed, now) >= ClusterCalls.SenderIdleTimeout && sender.TryRetire())
            {
                senders.TryRemove(new KeyValuePair<string, TopicSender>(name, sender));
            }
        }
    }

    /// <summary>The topic's live sender: the kept one unless it retired, else a new one in its place.</summary>
    private TopicSender Successor(string routable)
    {
        while (true)
        {
            if (senders.TryGetValue(routable, out var current) && !current.IsRetired)
            {
                return current;
            }

            var fresh = new TopicSender(routable, grains.GetGrain<ITopicGrain>(routable), silo.SiloAddress, log, clock, metrics, this);
            if (current is null ? senders.TryAdd(routable, fresh) : senders.TryUpdate(routable, fresh, current))
            {
                return fresh;
            }
        }
    }

    public void Dispose() => sweeper.Dispose();
}
