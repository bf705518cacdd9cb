using System.Runtime.InteropServices;

namespace Broker.Bench.Load.Metrics;

/// <summary>
/// A set of non-negative sequence numbers kept as sorted, disjoint half-open ranges. Numbers that arrive in
/// order extend the last range without allocating, so a loss-free run costs one range per publisher.
/// Not thread-safe: one receive loop writes it, the report reads it after the traffic stopped.
/// </summary>
internal sealed class SequenceSet
{
    private readonly List<SeqSpan> _spans = [];

    public long Count { get; private set; }

    public int SpanCount => _spans.Count;

    public IReadOnlyList<SeqSpan> Spans => _spans;

    /// <summary>Adds <paramref name="value"/>; false when it was already present (a duplicate).</summary>
    public bool Add(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var spans = CollectionsMarshal.AsSpan(_spans);
        if (spans.Length == 0 || value > spans[^1].End)
        {
            _spans.Add(new SeqSpan(value, value + 1));
            Count++;
            return true;
        }

        if (value == spans[^1].End)
        {
            spans[^1] = spans[^1] with { End = value + 1 };
            Count++;
            return true;
        }

        // Out of order: find the first span starting after value.
        int lo = 0, hi = spans.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (spans[mid].Start > value)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        var next = lo;
        var prev = lo - 1;
        if (prev >= 0 && value < spans[prev].End)
        {
            return false;
        }

        var joinsPrev = prev >= 0 && spans[prev].End == value;
        var joinsNext = next < spans.Length && spans[next].Start == value + 1;
        if (joinsPrev && joinsNext)
        {
            spans[prev] = new SeqSpan(spans[prev].Start, spans[next].End);
            _spans.RemoveAt(next);
        }
        else if (joinsPrev)
        {
            spans[prev] = spans[prev] with { End = value + 1 };
        }
        else if (joinsNext)
        {
            spans[next] = spans[next] with { Start = value };
        }
        else
        {
            _spans.Insert(next, new SeqSpan(value, value + 1));
        }

        Count++;
        return true;
    }

    public bool Contains(long value)
    {
        foreach (var span in _spans)
        {
            if (value < span.Start)
            {
                return false;
            }

            if (value < span.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How many numbers are in both sets (a linear merge of the two range lists).</summary>
    public long CountIntersection(SequenceSet other)
    {
        long total = 0;
        int i = 0, j = 0;
        var a = _spans;
        var b = other._spans;
        while (i < a.Count && j < b.Count)
        {
            var start = Math.Max(a[i].Start, b[j].Start);
            var end = Math.Min(a[i].End, b[j].End);
            if (end > start)
            {
                total += end - start;
            }

            if (a[i].End < b[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return total;
    }

    /// <summary>The smallest member of this set that <paramref name="other"/> lacks, or null.</summary>
    public long? FirstMissingFrom(SequenceSet? other)
    {
        var j = 0;
        foreach (var span in _spans)
        {
            var v = span.Start;
            while (v < span.End)
            {
                if (other is null)
                {
                    return v;
                }

                var b = other._spans;
                while (j < b.Count && b[j].End <= v)
                {
                    j++;
                }

                if (j == b.Count || b[j].Start > v)
                {
                    return v;
                }

                v = b[j].End;
            }
        }

        return null;
    }
}
