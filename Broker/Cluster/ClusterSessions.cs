using System.Collections.Concurrent;
using Broker.Sessions;
using Broker.Topics;

namespace Broker.Cluster;

/// <summary>
/// Turns the session a call names into the subscriber the topic actors of this node use: the <see cref="Session"/>
/// itself when it is connected here, else one <see cref="RemoteSession"/> per session. A session that closed is
/// still found until the detach calls it sent have arrived (they come after it left the session registry).
/// </summary>
internal sealed class ClusterSessions(SessionRegistry sessions, NodeOutboxes outboxes, TimeProvider clock)
{
    private static readonly TimeSpan UnusedAfter = TimeSpan.FromMinutes(2);
    private readonly ConcurrentDictionary<(SiloAddress Node, string Id), RemoteSession> remote = new();
    private readonly ConcurrentDictionary<string, Session> local = new(StringComparer.Ordinal);

    public SiloAddress Self => outboxes.Self;

    public ISubscriber? Resolve(SessionRef session)
    {
        if (session.Node.Equals(outboxes.Self))
        {
            if (sessions.TryGet(session.SessionId) is { } live)
            {
                local[session.SessionId] = live;
                return live;
            }

            return local.GetValueOrDefault(session.SessionId);
        }

        var key = (session.Node, session.SessionId);
        if (remote.TryGetValue(key, out var known))
        {
            known.Refresh(session);
            return known;
        }

        return remote.GetOrAdd(key, _ => new RemoteSession(session, outboxes.For(session.Node), clock));
    }

    /// <summary>The remote sessions of this node's topics that live on <paramref name="node"/> (forgotten here).</summary>
    public IReadOnlyList<RemoteSession> RemoveNode(SiloAddress node)
    {
        var gone = new List<RemoteSession>();
        foreach (var (key, session) in remote)
        {
            if (key.Node.Equals(node) && remote.TryRemove(key, out _))
            {
                gone.Add(session);
            }
        }

        return gone;
    }

    /// <summary>Forgets closed local sessions and remote ones attached to nothing here that no call named for a while.</summary>
    public void Sweep()
    {
        foreach (var (id, session) in local)
        {
            if (session.IsClosing && session.AttachedCount == 0)
            {
                local.TryRemove(new KeyValuePair<string, Session>(id, session));
            }
        }

        foreach (var (key, session) in remote)
        {
            if (session.AttachedCount == 0 && clock.GetElapsedTime(session.LastSeen) > UnusedAfter)
            {
                remote.TryRemove(new KeyValuePair<(SiloAddress, string), RemoteSession>(key, session));
            }
        }
    }
}
