namespace Broker.Bench.Load.Protocol;

/// <summary>
/// Collects the <c>{data}</c> frames answering one <c>{get what:"data"}</c>; the receive loop adds, the
/// reader inspects after the closing ctrl (208/204) completed its request, which orders the two.
/// </summary>
internal sealed class HistoryPage
{
    public int Count { get; private set; }
    public long Newest { get; private set; }
    public long Oldest { get; private set; }

    /// <summary>Frames that were not exactly one below the previous one (pages must be newest first, no gaps).</summary>
    public int OrderViolations { get; private set; }

    public void Reset()
    {
        Count = 0;
        Newest = 0;
        Oldest = 0;
        OrderViolations = 0;
    }

    public void Add(long seq)
    {
        if (Count == 0)
        {
            Newest = seq;
        }
        else if (seq != Oldest - 1)
        {
            OrderViolations++;
        }

        Oldest = seq;
        Count++;
    }
}
