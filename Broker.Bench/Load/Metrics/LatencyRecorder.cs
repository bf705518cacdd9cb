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

    /// <summary>
    /// The recorder in <paramref name="slot"/>, created by the first call (from the slot's one writer, a receive
    /// loop) and published for the sampler. Callers create it at their first delivery or ack, warm-up included, not at
    /// the first measured one: a recorder is three histograms (about 80 KB), and 5,000 receivers creating theirs in the
    /// first second of the measured window spent a sixth of the generator's CPU zeroing fresh pages there
    /// (BENCHMARKS.md, sixth session).
    /// </summary>
    public static LatencyRecorder GetOrCreate(ref LatencyRecorder? slot)
    {
        var recorder = slot;
        if (recorder is null)
        {
            recorder = new LatencyRecorder();
            Volatile.Write(ref slot, recorder);
        }

        return recorder;
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
