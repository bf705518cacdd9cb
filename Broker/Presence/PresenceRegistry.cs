using System.Collections.Concurrent;
using Broker.Topics;

namespace Broker.Presence;

/// <summary>
/// Which users are online (have a session attached to <c>me</c>) and those sessions, so that any topic can deliver
/// <c>{pres}</c>/<c>{info}</c> on a user's <c>me</c> without a round trip through the <c>me</c> actor. Only the
/// user's <c>me</c> actor adds and removes sessions.
/// </summary>
internal sealed class PresenceRegistry
{
    private readonly ConcurrentDictionary<long, ISubscriber[]> online = new();

    // Cluster: users whose me lives on another node, with that node (their entry is a copy it sent).
    private readonly ConcurrentDictionary<long, object> copies = new();

    /// <summary>
    /// Cluster: told the user's sessions on <c>me</c> (empty when offline) after this node's me actor changed them,
    /// to copy them to the other nodes. Null on a single node.
    /// </summary>
    public Action<long, ISubscriber[]>? Changed { get; set; }

    /// <summary>
    /// Cluster: completes once the copies <see cref="Changed"/> sent so far have reached the other nodes (a user's
    /// me checks its contacts again then, for those whose copies were still on their way). Null on a single node.
    /// </summary>
    public Func<Task>? CopiesSent { get; set; }

    public bool IsOnline(long userId) => online.ContainsKey(userId);

    /// <summary>The user agent of the user's most recently attached session on <c>me</c>; null when offline.</summary>
    public string? UserAgentOf(long userId) =>
        online.TryGetValue(userId, out var sessions) && sessions.Length > 0 ? sessions[^1].UserAgent : null;

    public int OnlineCount => online.Count;

    /// <summary>Returns true when this made the user online.</summary>
    public bool Add(long userId, ISubscriber session)
    {
        var first = false;
        var stale = copies.TryRemove(userId, out _);
        var now = online.AddOrUpdate(
            userId,
            _ =>
            {
                first = true;
                return [session];
            },
            (_, sessions) => stale ? [session] : [.. sessions, session]);
        Changed?.Invoke(userId, now);
        return first;
    }

    /// <summary>Cluster: the node <paramref name="owner"/>, home of the user's me, says these are the user's sessions.</summary>
    public void ReplaceCopy(long userId, ISubscriber[] sessions, object owner)
    {
        if (sessions.Length == 0)
        {
            if (copies.TryRemove(new KeyValuePair<long, object>(userId, owner)))
            {
                online.TryRemove(userId, out _);
            }

            return;
        }

        copies[userId] = owner;
        online[userId] = sessions;
    }

    /// <summary>Cluster: the node <paramref name="owner"/> died; the users whose me it hosted are offline until they subscribe again.</summary>
    public void ForgetCopiesOf(object owner)
    {
        foreach (var (userId, node) in copies)
        {
            if (node.Equals(owner) && copies.TryRemove(new KeyValuePair<long, object>(userId, node)))
            {
                online.TryRemove(userId, out _);
            }
        }
    }

    /// <summary>Cluster: the users whose me this node hosts, with their sessions (sent to a node that joins).</summary>
    public IEnumerable<KeyValuePair<long, ISubscriber[]>> Owned => online.Where(entry => !copies.ContainsKey(entry.Key));

    /// <summary>Returns true when this made the user offline.</summary>
    public bool Remove(long userId, ISubscriber session)
    {
        while (online.TryGetValue(userId, out var sessions))
        {
            var index = Array.IndexOf(sessions, session);
            if (index < 0)
            {
                return false;
            }

            if (sessions.Length == 1)
            {
                if (online.TryRemove(new KeyValuePair<long, ISubscriber[]>(userId, sessions)))
                {
                    Changed?.Invoke(userId, []);
                    return true;
                }

                continue;
            }

            var rest = new ISubscriber[sessions.Length - 1];
            Array.Copy(sessions, 0, rest, 0, index);
            Array.Copy(sessions, index + 1, rest, index, sessions.Length - index - 1);
            if (online.TryUpdate(userId, rest, sessions))
            {
                Changed?.Invoke(userId, rest);
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <see cref="SendToMe"/> with the same arguments would reach any session; lets a topic skip building a
    /// frame nobody would get (in a large group nearly every member's sessions are attached to the topic itself).
    /// </summary>
    public bool WouldReachMe(long userId, string? skipAttachedTo = null, ISubscriber? skip = null)
    {
        if (!online.TryGetValue(userId, out var sessions))
        {
            return false;
        }

        foreach (var session in sessions)
        {
            if (Reaches(session, skipAttachedTo, skip))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Sends <paramref name="frame"/> to the user's sessions on <c>me</c>, skipping those attached to
    /// <paramref name="skipAttachedTo"/> (they got the event on the topic itself) and <paramref name="skip"/>.
    /// Returns the number of sessions the frame was queued to.
    /// </summary>
    public int SendToMe(long userId, byte[] frame, string? skipAttachedTo = null, ISubscriber? skip = null)
    {
        if (!online.TryGetValue(userId, out var sessions))
        {
            return 0;
        }

        var sent = 0;
        foreach (var session in sessions)
        {
            if (Reaches(session, skipAttachedTo, skip) && session.Send(frame))
            {
                sent++;
            }
        }

        return sent;
    }

    private static bool Reaches(ISubscriber session, string? skipAttachedTo, ISubscriber? skip) =>
        session != skip && (skipAttachedTo is null || !session.IsAttached(skipAttachedTo));
}
