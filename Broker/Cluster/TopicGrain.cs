using Broker.Protocol.Server;
using Broker.Topics;

namespace Broker.Cluster;

/// <summary>
/// Hosts one topic's actor (the same <see cref="TopicActor"/> a single node runs, started by this node's
/// <see cref="Hub"/>) and only enqueues to it: the actor's pump keeps the order and the group commit. Kept alive
/// while its actor is loaded; deactivates when the actor unloads idle (nothing attached on any node). Commands are
/// rebuilt here with the calling session (<see cref="ClusterSessions"/>) as their origin.
/// </summary>
[GrainType("broker-topic")]
[KeepAlive]
internal sealed class TopicGrain(Hub hub, ClusterSessions sessions, NodeOutboxes outboxes, TimeProvider clock, ClusterLog log) : Grain, ITopicGrain
{
    // The last batch handled from each node: its later batches only.
    private readonly DeliveryNumbers handled = new();

    private string Routable => this.GetPrimaryKeyString();

    public Task DeliverAsync(SiloAddress from, long batch, TopicCall[] calls)
    {
        var receivedAt = clock.GetTimestamp();

        // Overtaken: the sender answered this batch's requests 504 and sent later ones, which were handled first.
        // Handling it now would put its requests after theirs; only its detaches (idempotent) still count.
        var overtaken = !handled.TryTake(from, batch);
        if (overtaken)
        {
            log.OvertakenBatch(Routable, calls.Length);
        }

        foreach (var call in calls)
        {
            if ((overtaken && call.Kind != TopicCallKind.Detach) || sessions.Resolve(call.Session) is not { } origin)
            {
                continue;
            }

            var command = ClusterCommands.FromCall(call, origin, receivedAt);
            if (command is null)
            {
                log.UnparsableCall();
                continue;
            }

            Post(command, origin);
        }

        if (hub.TryGet(Routable) is null)
        {
            // Nothing was loaded (e.g. a publish to a topic nobody is attached to): keep no activation.
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public async Task UserDeletedAsync(long userId)
    {
        var command = new UserDeletedCommand(userId, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        hub.PostUserDeletion(Routable, command);
        try
        {
            await command.Done.Task;
        }
        finally
        {
            if (hub.TryGet(Routable) is null)
            {
                DeactivateOnIdle();
            }
        }
    }

    public async Task<AdminPublishReply> AdminPublishAsync(AdminPublishCall call)
    {
        var target = new TopicTarget(Routable, (Protocol.Names.TopicCategory)call.Category, call.ClientName);
        var command = new AdminPublishCommand(target, call.From, call.FromIsSystem, call.Head, call.Content);
        try
        {
            if (!hub.Post(target, command))
            {
                return new AdminPublishReply { Status = StatusCodes.Status503ServiceUnavailable, Error = "the topic is busy, retry later" };
            }

            var reply = await command.Completion;
            return reply.Value is Admin.PublishedView published
                ? new AdminPublishReply { Status = reply.Status, Seq = published.Seq, Ts = published.Ts }
                : new AdminPublishReply { Status = reply.Status, Error = reply.Error ?? "no reply" };
        }
        finally
        {
            if (hub.TryGet(Routable) is null)
            {
                DeactivateOnIdle();
            }
        }
    }

    public async Task<AdminCallReply> AdminAsync(AdminCall call)
    {
        if (AdminCalls.FromCall(call) is not { } command || command.Target.Routable != Routable)
        {
            return new AdminCallReply { Status = StatusCodes.Status400BadRequest, Error = "not an admin command for this topic" };
        }

        try
        {
            // As on one node (AdminDispatcher): an actor that is just unloading refuses the post; a second try reaches a fresh one.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (hub.GetOrStart(command.Target).Post(command))
                {
                    return AdminCalls.ToReply(await command.Completion);
                }
            }

            return new AdminCallReply { Status = StatusCodes.Status503ServiceUnavailable, Error = "the topic is busy, retry later" };
        }
        finally
        {
            if (hub.TryGet(Routable) is null)
            {
                DeactivateOnIdle();
            }
        }
    }

    public Task DrainAsync() => hub.TryGet(Routable)?.DrainAsync(CancellationToken.None) ?? Task.CompletedTask;

    public Task ActorUnloadedAsync()
    {
        if (hub.TryGet(Routable) is null)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (hub.TryGet(Routable) is { } actor)
        {
            var terminated = await actor.HandOverAsync(cancellationToken);
            log.HandingOver(Routable, reason.ReasonCode.ToString(), terminated);

            // The term frames to other nodes' sessions must leave before the silo stops its messaging.
            try
            {
                await Task.WhenAll(outboxes.All.Select(outbox => outbox.FlushAsync())).WaitAsync(ClusterCalls.Timeout, cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                // A node that does not take its frames in time is past helping; the pump logs failed deliveries.
            }
        }
    }

    /// <summary>As <see cref="Sessions.Session"/> routes on a single node: a leave or publish needs a loaded topic (<see cref="TopicRouting.WhenNotLoaded"/>).</summary>
    private void Post(TopicCommand command, ISubscriber origin)
    {
        if (command is DetachCommand or NoteCommand)
        {
            hub.PostIfLoaded(Routable, command);
            return;
        }

        var target = ClusterCommands.TargetOf(command)!;
        if (TopicRouting.WhenNotLoaded(command) is { } notLoaded)
        {
            var posted = hub.PostToLoaded(Routable, command, out var loaded);
            if (!loaded)
            {
                origin.Reply(ClusterCommands.IdOf(command), target.ClientName, notLoaded);
            }
            else if (!posted)
            {
                origin.Reply(ClusterCommands.IdOf(command), target.ClientName, CtrlCode.ServiceUnavailable);
            }
        }
        else if (!hub.Post(target, command))
        {
            origin.Reply(ClusterCommands.IdOf(command), target.ClientName, CtrlCode.ServiceUnavailable);
        }
    }
}
