using System.Numerics;

namespace Broker.Bench.Load.Metrics;

/// <summary>
/// A small log-linear histogram of non-negative integer values (the generator records microseconds).
/// Written by hand because HdrHistogram is not available here; it follows HdrHistogram's layout:
/// values below 256 are counted exactly, above that each power of two is split into 128 linear
/// sub-buckets, so a reported percentile is at most 1/128 (0.8 %) above the true value and never below it.
/// Not thread-safe: each receive loop owns its histograms and they are merged with <see cref="Add"/> at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    public const int SubBucketBits = 8;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int HalfCount = SubBucketCount / 2;

    /// <summary>2^36 µs is about 19 hours; anything larger is clamped and counted in <see cref="Saturated"/>.</summary>
    public const long DefaultHighestTrackable = 1L << 36;

    private readonly long[] _counts;
    private readonly long _highest;

    public LatencyHistogram(long highestTrackable = DefaultHighestTrackable)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(highestTrackable, SubBucketCount);
        _highest = highestTrackable;
        _counts = new long[IndexOf(highestTrackable) + 1];
    }

    public long Count { get; private set; }
    public long Min { get; private set; } = long.MaxValue;
    public long Max { get; private set; }
    public long Saturated { get; private set; }
    public double Sum { get; private set; }
    public double Mean => Count == 0 ? 0 : Sum / Count;

    public void Record(long value)
    {
        if (value < 0)
        {
            value = 0;
        }
        else if (value > _highest)
        {
            value = _highest;
            Saturated++;
        }

        _counts[IndexOf(value)]++;
        Count++;
        Sum += value;
        if (value < Min)
        {
            Min = value;
        }

        if (value > Max)
        {
            Max = value;
        }
    }

    /// <summary>
    /// The nearest-rank percentile: the smallest recorded value v such that at least p % of the values are ≤ v,
    /// reported as the highest value of its bucket (clamped to the recorded maximum). 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        if (percentile <= 0)
        {
            return Min;
        }

        var rank = (long)Math.Ceiling(Math.Min(percentile, 100) / 100.0 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(HighestEquivalent(i), Max);
            }
        }

        return Max;
    }

    public void Add(LatencyHistogram other)
    {
        if (other._counts.Length != _counts.Length)
        {
            throw new ArgumentException("histograms of different ranges", nameof(other));
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Sum += other.Sum;
        Saturated += other.Saturated;
        if (other.Count > 0)
        {
            Min = Math.Min(Min, other.Min);
            Max = Math.Max(Max, other.Max);
        }
    }

    internal static int IndexOf(long value)
    {
        if (value < SubBucketCount)
        {
            return (int)value;
        }

        var msb = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = msb - SubBucketBits + 1;
        var sub = (int)(value >> shift);
        return SubBucketCount + ((shift - 1) * HalfCount) + (sub - HalfCount);
    }

    internal static long HighestEquivalent(int index)
    {
        if (index < SubBucketCount)
        {
            return index;
        }

        var k = index - SubBucketCount;
        var shift = (k / HalfCount) + 1;
        long sub = (k % HalfCount) + HalfCount;
        return ((sub + 1) << shift) - 1;
    }
}
