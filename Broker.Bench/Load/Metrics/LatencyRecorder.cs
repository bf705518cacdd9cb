using HdrHistogram;

namespace Broker.Bench.Load.Metrics;

/// <summary>
/// Latencies (µs) recorded by a hot path and taken by one sampler in intervals: <see cref="Record"/> is wait-free
/// and allocation-free (HdrHistogram's <see cref="Recorder"/>); <see cref="TakeInterval"/> (sampler only) returns
/// what was recorded since the previous call and adds it to <see cref="Total"/>.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly Recorder _recorder;
    private HistogramBase? _spare;

    public LatencyRecorder(bool concurrentWriters = false)
    {
        _recorder = concurrentWriters ? Histograms.CreateConcurrentRecorder() : Histograms.CreateRecorder();
    }

    /// <summary>Everything taken so far (sampler thread only).</summary>
    public LongHistogram Total { get; } = Histograms.Create();

    public void Record(long micros) => _recorder.RecordValue(Histograms.Clamp(micros));

    /// <summary>The values recorded since the last call; valid until the next call.</summary>
    public HistogramBase TakeInterval()
    {
        var interval = _recorder.GetIntervalHistogram(_spare);
        _spare = interval;
        Total.Add(interval);
        return interval;
    }
}
