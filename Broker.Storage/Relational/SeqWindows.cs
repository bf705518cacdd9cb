namespace Broker.Storage.Relational;

/// <summary>
/// Turns a history query into disjoint seq windows, newest first, each clipped to [since, before), so that every
/// window is one index range scan on (topic, seq).
/// </summary>
internal static class SeqWindows
{
    public static IReadOnlyList<SeqRange> NewestFirst(MessageQuery query)
    {
        var low = Math.Max(query.Since, 0);
        var high = query.Before > 0 ? query.Before : long.MaxValue;
        if (low >= high)
        {
            return [];
        }

        if (query.Ranges is not { Count: > 0 } ranges)
        {
            return [new SeqRange(low, high)];
        }

        var clipped = new List<SeqRange>(ranges.Count);
        foreach (var range in ranges)
        {
            var from = Math.Max(range.Low, low);
            var to = Math.Min(range.Hi, high);
            if (from < to)
            {
                clipped.Add(new SeqRange(from, to));
            }
        }

        clipped.Sort((a, b) => a.Low.CompareTo(b.Low));
        var merged = new List<SeqRange>(clipped.Count);
        foreach (var range in clipped)
        {
            if (merged.Count > 0 && range.Low <= merged[^1].Hi)
            {
                merged[^1] = merged[^1] with { Hi = Math.Max(merged[^1].Hi, range.Hi) };
            }
            else
            {
                merged.Add(range);
            }
        }

        merged.Reverse();
        return merged;
    }
}
