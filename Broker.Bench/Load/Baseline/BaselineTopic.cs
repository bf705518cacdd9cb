namespace Broker.Bench.Load.Baseline;

/// <summary>
/// A topic of the baseline: a member list swapped copy-on-write, a seq, and a gate that keeps publishes in
/// order. A publish is acked to its sender, serialized once and queued to every member; a full outbox waits
/// (back-pressure to the publisher through its window) instead of dropping the slow session.
/// </summary>
internal sealed class BaselineTopic(string name, bool isP2P)
{
    private readonly Lock _members = new();
    private readonly SemaphoreSlim _order = new(1, 1);
    private BaselineSession[] _sessions = [];
    private long _seq;

    public string Name { get; } = name;

    /// <summary>p2p topics are named per viewer: a recipient sees the sender's user id as the topic.</summary>
    public bool IsP2P { get; } = isP2P;

    public bool Attach(BaselineSession session)
    {
        lock (_members)
        {
            if (Array.IndexOf(_sessions, session) >= 0)
            {
                return false;
            }

            _sessions = [.. _sessions, session];
            return true;
        }
    }

    public void Detach(BaselineSession session)
    {
        lock (_members)
        {
            _sessions = _sessions.Where(s => s != session).ToArray();
        }
    }

    public bool IsAttached(BaselineSession session) => Array.IndexOf(Volatile.Read(ref _sessions), session) >= 0;

    /// <summary>Assigns the next seq, acks <paramref name="sender"/>, then fans the frame out.</summary>
    public async Task PublishAsync(BaselineSession sender, string? id, string topicAsSent, byte[] content, bool noEcho, CancellationToken ct)
    {
        await _order.WaitAsync(ct);
        try
        {
            var seq = ++_seq;
            if (id is not null)
            {
                await sender.EnqueueAsync(BaselineFrames.Ctrl(id, topicAsSent, 202, "accepted", w => w.WriteNumber("seq", seq)), ct);
            }

            var frame = BaselineFrames.Data(IsP2P ? sender.UserId ?? Name : Name, sender.UserId ?? string.Empty, seq, content);
            foreach (var session in Volatile.Read(ref _sessions))
            {
                if (noEcho && session == sender)
                {
                    continue;
                }

                await session.EnqueueAsync(frame, ct);
            }
        }
        finally
        {
            _order.Release();
        }
    }
}
