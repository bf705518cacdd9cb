using System.Collections.Concurrent;
using Broker.Bench.Load.Metrics;

namespace Broker.Bench.Load.Api;

/// <summary>
/// Where concurrent iterations record one step: ok/fail counters, latencies of successful runs (a concurrent
/// HdrHistogram recorder) and failure statuses. The runner's sampler moves them into <see cref="Stats"/> every
/// interval. Outside the measured phases only the counters move (the timeline shows warm-up traffic; totals do not).
/// </summary>
internal sealed class StepMeter(string name)
{
    private readonly LatencyRecorder _latency = new(concurrentWriters: true);
    private readonly ConcurrentDictionary<string, long> _statuses = new(StringComparer.Ordinal);
    private long _ok;
    private long _fail;

    public StepStats Stats { get; } = new(name);

    public void RecordOk(long micros, bool measured)
    {
        Interlocked.Increment(ref _ok);
        if (measured)
        {
            _latency.Record(micros);
        }
    }

    public void RecordFail(string status, bool measured)
    {
        Interlocked.Increment(ref _fail);
        if (measured)
        {
            _statuses.AddOrUpdate(status, 1, static (_, n) => n + 1);
        }
    }

    /// <summary>Sampler only.</summary>
    public void Sample(double at, double seconds, bool measured)
    {
        var ok = Interlocked.Exchange(ref _ok, 0);
        var fail = Interlocked.Exchange(ref _fail, 0);
        Stats.AddInterval(at, seconds, ok, fail, _latency.TakeInterval(), measured);
        foreach (var status in _statuses.Keys)
        {
            if (_statuses.TryRemove(status, out var count))
            {
                Stats.AddFailStatus(status, count);
            }
        }
    }
}
