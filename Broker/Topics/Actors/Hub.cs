using System.Collections.Concurrent;
using Broker.Protocol.Names;

namespace Broker.Topics;

/// <summary>
/// The registry of loaded topics. Starts a topic actor on first use; an actor removes itself when idle and hands any
/// commands still queued back to the hub, which starts a fresh actor for them.
/// </summary>
internal sealed class Hub(TopicServices services, Emc.EmcServices emc)
{
    private readonly ConcurrentDictionary<string, TopicActor> topics = new(StringComparer.Ordinal);

    public int LoadedCount => topics.Count;

    public TopicActor? TryGet(string routable) => topics.GetValueOrDefault(routable);

    /// <summary>
    /// Whether the topic is online (its actor loaded) anywhere: on this node, or in a cluster on a node that said so
    /// (<see cref="LoadedElsewhere"/>). What <c>me</c> tells a member about a group.
    /// </summary>
    public bool IsOnline(string routable) => topics.ContainsKey(routable) || LoadedElsewhere?.Invoke(routable) == true;

    /// <summary>Cluster: whether another node reported the topic's actor loaded there. Null on a single node.</summary>
    public Func<string, bool>? LoadedElsewhere { get; set; }

    /// <summary>Cluster: told the routable name of every actor that started (after it joined the hub). Null on a single node.</summary>
    public Action<string>? ActorStarted { get; set; }

    public TopicActor GetOrStart(TopicTarget target)
    {
        if (topics.TryGetValue(target.Routable, out var existing))
        {
            return existing;
        }

        TopicActor created = target.Category switch
        {
            TopicCategory.Me => new MeTopic(target.Routable, this, services),
            TopicCategory.Fnd => new FndTopic(target.Routable, this, services),
            TopicCategory.Emc => new EmcTopic(target.Routable, target.IsNew, this, services, emc),
            TopicCategory.Sys => new SysTopic(target.Routable, this, services),
            _ => new ConversationTopic(target.Routable, target.Category, target.IsNew, this, services),
        };
        var actor = topics.GetOrAdd(target.Routable, created);
        if (ReferenceEquals(actor, created))
        {
            services.Metrics.TopicLoaded();

            // The actor outlives the request that started it: it must not inherit that request's logging scope.
            using (ExecutionContext.SuppressFlow())
            {
                created.Start();
            }

            ActorStarted?.Invoke(target.Routable);
        }

        return actor;
    }

    /// <summary>
    /// Cluster: told the routable name of every actor that unloaded, after it handed its leftover commands on (its
    /// grain then deactivates unless a new actor started). Null on a single node.
    /// </summary>
    public Action<string>? ActorGone { get; set; }

    internal void OnActorGone(string routable) => ActorGone?.Invoke(routable);

    /// <summary>Removes <paramref name="actor"/> only if it is still the registered one.</summary>
    public bool Remove(TopicActor actor)
    {
        if (!topics.TryRemove(new KeyValuePair<string, TopicActor>(actor.Name, actor)))
        {
            return false;
        }

        services.Metrics.TopicUnloaded();
        return true;
    }

    /// <summary>
    /// Posts to the topic's actor, starting one when needed. An actor that unloads between the lookup and the post
    /// refuses the command, which then goes to the topic's next actor: false only when the topic's queue is full.
    /// </summary>
    public bool Post(TopicTarget target, TopicCommand command) =>
        TryPostNow(target, target.Routable, command, out _) == PostOutcome.Posted;

    /// <summary>
    /// Posts to the topic's actor only when one is loaded, with the same hand-over as <see cref="Post"/>;
    /// <paramref name="loaded"/> is false when none is (then nobody can be attached to the topic).
    /// </summary>
    public bool PostToLoaded(string routable, TopicCommand command, out bool loaded)
    {
        var outcome = TryPostNow(null, routable, command, out _);
        loaded = outcome != PostOutcome.NotLoaded;
        return outcome == PostOutcome.Posted;
    }

    /// <summary>
    /// Posts a client's request like <see cref="Post"/> (or <see cref="PostToLoaded"/> when <paramref name="loadedOnly"/>),
    /// but when the topic's queue is full waits up to <paramref name="wait"/> for room instead of refusing at once:
    /// the caller is the session's read loop, so a client that publishes faster than the topic stores is slowed down
    /// by TCP back-pressure rather than answered 503.
    /// </summary>
    public async ValueTask<PostOutcome> PostWaitingAsync(TopicTarget target, TopicCommand command, bool loadedOnly, TimeSpan wait, CancellationToken cancellationToken)
    {
        CancellationTokenSource? timeout = null;
        try
        {
            while (true)
            {
                var outcome = TryPostNow(loadedOnly ? null : target, target.Routable, command, out var full);
                if (outcome != PostOutcome.QueueFull || wait <= TimeSpan.Zero)
                {
                    return outcome;
                }

                if (timeout is null)
                {
                    timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(wait);
                }

                try
                {
                    await full!.WaitForRoomAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return PostOutcome.QueueFull;
                }
            }
        }
        finally
        {
            timeout?.Dispose();
        }
    }

    /// <summary>Delivers a command that reached an actor after it unloaded.</summary>
    public void Reroute(TopicCommand command, TopicTarget target)
    {
        if (Post(target, command))
        {
            return;
        }

        if (command is AdminCommand admin)
        {
            admin.Fail(Protocol.Server.CtrlCode.ServiceUnavailable);
        }

        command.Session?.Reply(null, target.ClientName, Protocol.Server.CtrlCode.ServiceUnavailable);
    }

    /// <summary>Asks the topic <paramref name="routable"/> (loading it) to drop a deleted user.</summary>
    public void PostUserDeletion(string routable, UserDeletedCommand command)
    {
        var category = TopicNames.CategoryOf(routable);
        var target = new TopicTarget(routable, category == TopicCategory.Unknown ? TopicCategory.Group : category, routable);
        if (!GetOrStart(target).Post(command))
        {
            command.Done.TrySetException(new InvalidOperationException($"topic {routable} is busy"));
        }
    }

    /// <summary>Posts to a loaded topic only; false when it is not loaded or its queue is full.</summary>
    public bool PostIfLoaded(string routable, TopicCommand command) =>
        topics.TryGetValue(routable, out var actor) && actor.Post(command);

    /// <summary>Shutdown: waits until every loaded topic has handled (and stored) what was queued to it.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(topics.Values.Select(actor => actor.DrainAsync(cancellationToken)));

    public IReadOnlyCollection<TopicActor> Loaded => (IReadOnlyCollection<TopicActor>)topics.Values;

    /// <summary>
    /// One post without waiting, handing the command to the topic's next actor when the one found has unloaded.
    /// <paramref name="toStart"/> null: only a loaded actor takes it. <paramref name="full"/>: the actor whose queue
    /// was full.
    /// </summary>
    private PostOutcome TryPostNow(TopicTarget? toStart, string routable, TopicCommand command, out TopicActor? full)
    {
        while (true)
        {
            var actor = toStart is null ? TryGet(routable) : GetOrStart(toStart);
            if (actor is null)
            {
                full = null;
                return PostOutcome.NotLoaded;
            }

            if (actor.Post(command))
            {
                full = null;
                return PostOutcome.Posted;
            }

            if (!actor.IsUnloaded)
            {
                full = actor;
                return PostOutcome.QueueFull;
            }
        }
    }
}
