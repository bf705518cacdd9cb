using System.Collections.Concurrent;
using Broker.Protocol.Names;

namespace Broker.Topics;

/// <summary>
/// The registry of loaded topics. Starts a topic actor on first use; an actor removes itself when idle and hands any
/// commands still queued back to the hub, which starts a fresh actor for them.
/// </summary>
internal sealed class Hub(TopicServices services)
{
    private readonly ConcurrentDictionary<string, TopicActor> topics = new(StringComparer.Ordinal);

    public int LoadedCount => topics.Count;

    public TopicActor? TryGet(string routable) => topics.GetValueOrDefault(routable);

    public TopicActor GetOrStart(TopicTarget target)
    {
        if (topics.TryGetValue(target.Routable, out var existing))
        {
            return existing;
        }

        TopicActor created = target.Category == TopicCategory.Me
            ? new MeTopic(target.Routable, this, services)
            : new ConversationTopic(target.Routable, target.Category, target.IsNew, this, services);
        var actor = topics.GetOrAdd(target.Routable, created);
        if (ReferenceEquals(actor, created))
        {
            services.Metrics.TopicLoaded();

            // The actor outlives the request that started it: it must not inherit that request's logging scope.
            using (ExecutionContext.SuppressFlow())
            {
                created.Start();
            }
        }

        return actor;
    }

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

    /// <summary>Delivers a command that reached an actor after it unloaded.</summary>
    public void Reroute(TopicCommand command, TopicTarget target)
    {
        if (GetOrStart(target).Post(command))
        {
            return;
        }

        if (command is AdminCommand admin)
        {
            admin.Fail(Protocol.Server.CtrlCode.ServiceUnavailable);
        }

        command.Session?.Reply(null, target.ClientName, Protocol.Server.CtrlCode.ServiceUnavailable);
    }

    /// <summary>Posts to a loaded topic only; false when it is not loaded or its queue is full.</summary>
    public bool PostIfLoaded(string routable, TopicCommand command) =>
        topics.TryGetValue(routable, out var actor) && actor.Post(command);

    public IReadOnlyCollection<TopicActor> Loaded => (IReadOnlyCollection<TopicActor>)topics.Values;
}
