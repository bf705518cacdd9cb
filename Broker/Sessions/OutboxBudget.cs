using Broker.Options;
using Microsoft.Extensions.Options;

namespace Broker.Sessions;

/// <summary>
/// The process-wide budget for the bytes queued in all outboxes. Sessions report their backlogs in whole chunks (see
/// <c>Session.CountTowardsBudget</c>), so the shared counter moves only when a backlog grows or shrinks by a chunk,
/// never per frame of a session that keeps up. When the total passes the budget, the sessions with the largest
/// backlogs are closed as slow consumers, off the hot path, until what remains is under nine tenths of it.
/// </summary>
internal sealed class OutboxBudget
{
    private readonly SessionRegistry sessions;

    // One enforcement at a time: a direct call (shutdown, tests) waits for a background one instead of racing it.
    private readonly Lock enforcement = new();
    private long queued;
    private long closed;
    private int enforcing;

    public OutboxBudget(IOptions<BrokerOptions> options, SessionRegistry sessions)
    {
        this.sessions = sessions;
        var configured = options.Value.OutboxBudgetBytes;
        Limit = configured > 0 ? configured : Math.Max(64L << 20, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);
    }

    /// <summary>The budget in bytes.</summary>
    public long Limit { get; }

    /// <summary>Bytes queued in all outboxes, counted in whole chunks per session.</summary>
    public long Queued => Interlocked.Read(ref queued);

    /// <summary>Sessions closed to keep the budget, since start.</summary>
    public long Closed => Interlocked.Read(ref closed);

    public void Add(long bytes)
    {
        var total = Interlocked.Add(ref queued, bytes);
        if (bytes > 0 && total > Limit && Interlocked.CompareExchange(ref enforcing, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static budget => budget.Enforce(), this, preferLocal: false);
        }
    }

    /// <summary>Closes the largest backlogs until the open sessions' backlogs fit under nine tenths of the budget.</summary>
    internal void Enforce()
    {
        using var exclusive = enforcement.EnterScope();
        try
        {
            // Exact backlogs of the sessions still open (the shared counter, in whole chunks, only raised the alarm);
            // sessions already closing are about to release theirs.
            var target = Limit / 10 * 9;
            var remaining = 0L;
            var open = new List<(Session Session, long Bytes)>();
            foreach (var session in sessions.All)
            {
                var bytes = session.QueuedBytes;
                if (bytes > 0 && !session.IsClosing)
                {
                    open.Add((session, bytes));
                    remaining += bytes;
                }
            }

            if (remaining <= target)
            {
                return;
            }

            open.Sort(static (a, b) => b.Bytes.CompareTo(a.Bytes));
            foreach (var (session, bytes) in open)
            {
                if (remaining <= target)
                {
                    break;
                }

                if (session.CloseOverBudget())
                {
                    Interlocked.Increment(ref closed);
                }

                remaining -= bytes;
            }
        }
        finally
        {
            Volatile.Write(ref enforcing, 0);
        }
    }
}
