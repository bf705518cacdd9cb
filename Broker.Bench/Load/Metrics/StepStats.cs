using Broker.Bench.Load.Reporting;
using HdrHistogram;

namespace Broker.Bench.Load.Metrics;

/// <summary>
/// One step's statistics over a run, built by the run's sampler once per interval: a timeline point for every
/// interval, and totals (counts, latency histogram, failure statuses) over the intervals that were measured.
/// Touched by the sampler thread only; the hot path records into a <see cref="LatencyRecorder"/> and counters.
/// </summary>
internal sealed class StepStats(string name)
{
    private readonly List<TimelinePoint> _timeline = [];

    public string Name { get; } = name;
    public LongHistogram Latency { get; } = Histograms.Create();
    public long Ok { get; private set; }
    public long Fail { get; private set; }
    public SortedDictionary<string, long> FailStatuses { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<TimelinePoint> Timeline => _timeline;
    public TimelinePoint? Latest => _timeline.Count > 0 ? _timeline[^1] : null;

    /// <summary>Adds one interval ending at <paramref name="at"/> seconds; counts add to the totals only when it was <paramref name="measured"/>.</summary>
    public void AddInterval(double at, double seconds, long ok, long fail, HistogramBase? latency, bool measured)
    {
        seconds = Math.Max(seconds, 1e-9);
        var timed = latency is { TotalCount: > 0 };
        _timeline.Add(new TimelinePoint(
            Math.Round(at, 3), ok, fail, Math.Round(ok / seconds, 1), Math.Round(fail / seconds, 1),
            timed ? Ms(latency!.GetValueAtPercentile(50)) : null,
            timed ? Ms(latency!.GetValueAtPercentile(75)) : null,
            timed ? Ms(latency!.GetValueAtPercentile(95)) : null,
            timed ? Ms(latency!.GetValueAtPercentile(99)) : null,
            timed ? Ms(latency!.GetMaxValue()) : null));
        // Latencies are filtered where they are recorded (only operations started in the measured window are
        // timed), so they count even when they complete during the drain; counts only inside the window.
        if (timed)
        {
            Latency.Add(latency!);
        }

        if (measured)
        {
            Ok += ok;
            Fail += fail;
        }
    }

    public void AddFailStatus(string status, long count)
    {
        if (count > 0)
        {
            FailStatuses[status] = FailStatuses.GetValueOrDefault(status) + count;
        }
    }

    public StepReport ToReport(double measuredSeconds)
    {
        var seconds = Math.Max(measuredSeconds, 1e-9);
        return new StepReport
        {
            Name = Name,
            Ok = Ok,
            Fail = Fail,
            OkPerSec = Math.Round(Ok / seconds, 1),
            FailPerSec = Math.Round(Fail / seconds, 1),
            Latency = LatencySummary.From(Latency),
            FailStatuses = new SortedDictionary<string, long>(FailStatuses, StringComparer.Ordinal),
            Distribution = Distribution(Latency),
            Timeline = [.. _timeline],
        };
    }

    /// <summary>Counts in log-spaced buckets, ten per decade, from the lowest to the highest value recorded.</summary>
    internal static IReadOnlyList<DistributionBucket> Distribution(HistogramBase micros)
    {
        if (micros.TotalCount == 0)
        {
            return [];
        }

        var buckets = new SortedDictionary<int, long>();
        foreach (var value in micros.RecordedValues())
        {
            var v = Math.Max(value.ValueIteratedTo, 1);
            var index = (int)Math.Ceiling(Math.Round(Math.Log10(v) * 10, 6));
            buckets[index] = buckets.GetValueOrDefault(index) + value.CountAtValueIteratedTo;
        }

        var first = buckets.Keys.First();
        var last = buckets.Keys.Last();
        var result = new List<DistributionBucket>(last - first + 1);
        for (var i = first; i <= last; i++)
        {
            result.Add(new DistributionBucket(Math.Round(Math.Pow(10, i / 10.0) / 1000.0, 4), buckets.GetValueOrDefault(i)));
        }

        return result;
    }

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}
