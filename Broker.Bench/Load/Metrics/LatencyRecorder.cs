using HdrHistogram;

namespace Broker.Bench.Load.Metrics;

/// <summary>
/// Latencies (µs) recorded by a hot path and taken by one sampler in intervals: <see cref="Record"/> is wait-free
/// and allocation-free (HdrHistogram's <see cref="Recorder"/>); <see cref="TakeInterval"/> (sampler only) returns
/// what was recorded since the previous call. The sampler adds the intervals up (<see cref="StepStats"/>); the recorder
/// keeps no total of its own, as there are thousands of recorders (one per receiving session) and each histogram is
/// about 26 KB.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly Recorder _recorder;
    private HistogramBase? _spare;

    public LatencyRecorder(bool concurrentWriters = false)
    {
        _recorder = concurrentWriters ? Histograms.CreateConcurrentRecorder() : Histograms.CreateRecorder();
    }

    public void Record(long micros) => _recorder.RecordValue(Histograms.Clamp(micros));

    /// <summary>The values recorded since the last call; valid until the next call.</summary>
    public HistogramBase TakeInterval()
    {
        var interval = _recorder.GetIntervalHistogram(_spare);
        _spare = interval;
        return interval;
    }
}
