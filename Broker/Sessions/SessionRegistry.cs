using System.Collections.Concurrent;

namespace Broker.Sessions;

/// <summary>Every live session, and the sessions of each user (for eviction and shutdown).</summary>
internal sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<Session, byte> all = new();
    private readonly ConcurrentDictionary<string, Session> byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, ConcurrentDictionary<Session, byte>> byUser = new();

    public int Count => all.Count;

    public void Add(Session session)
    {
        all.TryAdd(session, 0);
        byId[session.Id] = session;
    }

    /// <summary>The live session with id <paramref name="id"/> (the cluster delivers to sessions by id).</summary>
    public Session? TryGet(string id) => byId.GetValueOrDefault(id);

    public void Remove(Session session)
    {
        all.TryRemove(session, out _);
        byId.TryRemove(new KeyValuePair<string, Session>(session.Id, session));
        if (!session.User.IsZero && byUser.TryGetValue(session.User.Value, out var sessions))
        {
            sessions.TryRemove(session, out _);
        }
    }

    public void OnAuthenticated(Session session)
    {
        byUser.GetOrAdd(session.User.Value, _ => new ConcurrentDictionary<Session, byte>()).TryAdd(session, 0);
    }

    public IReadOnlyCollection<Session> OfUser(long userId) =>
        byUser.TryGetValue(userId, out var sessions) ? (IReadOnlyCollection<Session>)sessions.Keys : [];

    public IReadOnlyCollection<Session> All => (IReadOnlyCollection<Session>)all.Keys;
}
