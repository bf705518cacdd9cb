using System.Collections;

namespace Broker.Sessions;

/// <summary>
/// The logging scope of one connection: <c>SessionId</c> (the broker's connection id, also in <c>{hi}</c>'s <c>sid</c>),
/// <c>RemoteAddress</c> and, once logged in, <c>UserId</c>. Kestrel adds its own <c>ConnectionId</c> scope beside it.
/// It reads the session when a log line is written, so the user id appears from the moment the session logs in.
/// </summary>
internal sealed class SessionLogScope(Session session) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => session.IsAuthenticated ? 3 : 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("SessionId", session.Id),
        1 => new("RemoteAddress", session.RemoteAddress),
        2 when session.IsAuthenticated => new("UserId", session.User.ToString()),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        session.IsAuthenticated ? $"Session {session.Id} user {session.User}" : $"Session {session.Id}";
}
