namespace Broker.Sessions;

/// <summary>
/// Tells a flood from a client that only sends fast. Frames are counted in windows of one second; a window in which
/// more than two of every three frames were refused is a flooding second. A session flooding for an unbroken run of
/// such seconds longer than the flood timeout is to be closed. A client that waits the advised <c>retryAfter</c> is
/// refused at most once per admitted frame, and one a little over its rate mostly admitted: neither ever floods.
/// Only the session's read loop uses it: no lock, no allocation, timestamps from the caller.
/// </summary>
internal sealed class FloodWatch(TimeSpan floodTimeout, long timestampFrequency)
{
    private readonly long window = timestampFrequency;
    private readonly long timeout = (long)(floodTimeout.TotalSeconds * timestampFrequency);
    private long windowStart = long.MinValue;
    private int admitted;
    private int refused;
    private long floodingSince = long.MinValue;

    /// <summary>A frame at <paramref name="now"/> was admitted.</summary>
    public void Admitted(long now)
    {
        Roll(now);
        admitted++;
    }

    /// <summary>A frame at <paramref name="now"/> was refused; true when the session has been flooding past the timeout.</summary>
    public bool Refused(long now)
    {
        Roll(now);
        refused++;
        return floodingSince != long.MinValue && now - floodingSince >= timeout;
    }

    /// <summary>Closes the window that <paramref name="now"/> is past, judging it, and opens the next.</summary>
    private void Roll(long now)
    {
        if (windowStart == long.MinValue)
        {
            windowStart = now;
            return;
        }

        if (now - windowStart < window)
        {
            return;
        }

        var flooding = refused > 2 * admitted && now - windowStart < 2 * window;
        if (!flooding)
        {
            floodingSince = long.MinValue;
        }
        else if (floodingSince == long.MinValue)
        {
            floodingSince = windowStart;
        }

        windowStart = now;
        admitted = 0;
        refused = 0;
    }
}
