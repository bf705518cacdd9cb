namespace Broker.Transport.LongPoll;

/// <summary>One long polling session as the registry sees it: its <c>sid</c>, its socket and when a client last used it.</summary>
internal sealed class LongPollConnection(string sid, string sessionId, LongPollSocket socket, long now)
{
    private long lastActivity = now;
    private int activeRequests;

    public string Sid { get; } = sid;

    /// <summary>The session's id as logged (never the <c>sid</c>, which is the client's only proof of the session).</summary>
    public string SessionId { get; } = sessionId;

    public LongPollSocket Socket { get; } = socket;

    /// <summary>Marks a request of the client as under way (an abandoned session has none).</summary>
    public void BeginRequest(long now)
    {
        Interlocked.Increment(ref activeRequests);
        Volatile.Write(ref lastActivity, now);
    }

    public void EndRequest(long now)
    {
        Volatile.Write(ref lastActivity, now);
        Interlocked.Decrement(ref activeRequests);
    }

    /// <summary>True when no request is under way and none was for <paramref name="timeoutTicks"/>.</summary>
    public bool IsAbandoned(long now, long timeoutTicks) =>
        Volatile.Read(ref activeRequests) == 0 && now - Volatile.Read(ref lastActivity) > timeoutTicks;
}
