using Broker.Protocol.Client;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>Sorting, merging and wire conversion of seq ranges.</summary>
internal static class SeqRanges
{
    public static List<SeqRange> Merge(IEnumerable<SeqRange> ranges)
    {
        var sorted = ranges.OrderBy(r => r.Low).ToList();
        var merged = new List<SeqRange>(sorted.Count);
        foreach (var range in sorted)
        {
            if (merged.Count > 0 && range.Low <= merged[^1].Hi)
            {
                var last = merged[^1];
                merged[^1] = new SeqRange(last.Low, Math.Max(last.Hi, range.Hi));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    /// <summary>Tinode writes a single id as <c>{low}</c> with no <c>hi</c>.</summary>
    public static MsgRange ToWire(SeqRange range) =>
        new() { Low = range.Low, Hi = range.Hi == range.Low + 1 ? 0 : range.Hi };
}
