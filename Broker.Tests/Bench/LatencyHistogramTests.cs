using Broker.Bench.Load.Metrics;

namespace Broker.Tests.Bench;

public sealed class LatencyHistogramTests
{
    private static readonly double[] Percentiles = [0, 1, 25, 50, 75, 90, 99, 99.9, 99.99, 100];

    public static TheoryData<string, int> Distributions => new()
    {
        { "uniform", 1 },
        { "uniform", 2 },
        { "exponential", 3 },
        { "lognormal", 4 },
        { "lognormal", 5 },
        { "bimodal-with-outliers", 6 },
        { "small-exact", 7 },
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Percentiles_match_a_sorted_array_oracle_within_bucket_precision(string distribution, int seed)
    {
        var random = new Random(seed);
        var values = new long[50_000 + (seed * 1_000)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Next(random, distribution);
        }

        var histogram = new LatencyHistogram();
        foreach (var value in values)
        {
            histogram.Record(value);
        }

        Array.Sort(values);
        foreach (var p in Percentiles)
        {
            var oracle = NearestRank(values, p);
            var reported = histogram.ValueAtPercentile(p);
            Assert.True(reported >= oracle, $"{distribution} p{p}: reported {reported} < true {oracle}");
            // Below 256 buckets are exact; above, a bucket is at most 1/128 of its values wide.
            var allowed = oracle < 256 ? 0 : oracle / 128;
            Assert.True(reported - oracle <= allowed, $"{distribution} p{p}: reported {reported}, true {oracle}, allowed +{allowed}");
        }

        Assert.Equal(values.Length, histogram.Count);
        Assert.Equal(values[0], histogram.Min);
        Assert.Equal(values[^1], histogram.Max);
        Assert.Equal(values.Average(v => (double)v), histogram.Mean, 6);
    }

    [Fact]
    public void Values_below_256_are_exact()
    {
        var histogram = new LatencyHistogram();
        for (var v = 0; v < 256; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(127, histogram.ValueAtPercentile(50));
        Assert.Equal(255, histogram.ValueAtPercentile(100));
        Assert.Equal(0, histogram.ValueAtPercentile(0));
    }

    [Fact]
    public void Bucket_boundaries_are_consistent()
    {
        var previous = -1L;
        for (var index = 0; index < LatencyHistogram.IndexOf(LatencyHistogram.DefaultHighestTrackable); index++)
        {
            var highest = LatencyHistogram.HighestEquivalent(index);
            Assert.True(highest > previous);
            Assert.Equal(index, LatencyHistogram.IndexOf(highest));
            Assert.Equal(index + 1, LatencyHistogram.IndexOf(highest + 1));
            previous = highest;
        }
    }

    [Fact]
    public void Merging_equals_recording_everything_in_one()
    {
        var random = new Random(11);
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var all = new LatencyHistogram();
        for (var i = 0; i < 10_000; i++)
        {
            var value = Next(random, "lognormal");
            (i % 3 == 0 ? a : b).Record(value);
            all.Record(value);
        }

        a.Add(b);
        Assert.Equal(all.Count, a.Count);
        Assert.Equal(all.Min, a.Min);
        Assert.Equal(all.Max, a.Max);
        foreach (var p in Percentiles)
        {
            Assert.Equal(all.ValueAtPercentile(p), a.ValueAtPercentile(p));
        }
    }

    [Fact]
    public void Empty_histogram_reports_zero_and_merging_it_changes_nothing()
    {
        var empty = new LatencyHistogram();
        Assert.Equal(0, empty.ValueAtPercentile(99));
        Assert.Equal(0, empty.Mean);

        var one = new LatencyHistogram();
        one.Record(1234);
        one.Add(empty);
        Assert.Equal(1, one.Count);
        Assert.Equal(1234, one.Min);
        Assert.Equal(1234, one.ValueAtPercentile(50));
    }

    [Fact]
    public void Values_out_of_range_are_clamped_and_counted()
    {
        var histogram = new LatencyHistogram(highestTrackable: 1_000_000);
        histogram.Record(-5);
        histogram.Record(5_000_000);
        Assert.Equal(0, histogram.Min);
        Assert.Equal(1_000_000, histogram.Max);
        Assert.Equal(1, histogram.Saturated);
        Assert.Equal(1_000_000, histogram.ValueAtPercentile(100));
    }

    private static long NearestRank(long[] sorted, double percentile)
    {
        if (percentile <= 0)
        {
            return sorted[0];
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    private static long Next(Random random, string distribution) => distribution switch
    {
        "uniform" => random.NextInt64(0, 2_000_000),
        "exponential" => (long)(-Math.Log(1 - random.NextDouble()) * 800),
        "lognormal" => (long)Math.Exp(6 + (2 * Gaussian(random))),
        "bimodal-with-outliers" => random.NextDouble() switch
        {
            < 0.7 => random.NextInt64(200, 400),
            < 0.999 => random.NextInt64(5_000, 9_000),
            _ => random.NextInt64(1_000_000, 60_000_000),
        },
        "small-exact" => random.NextInt64(0, 300),
        _ => throw new ArgumentOutOfRangeException(nameof(distribution)),
    };

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
