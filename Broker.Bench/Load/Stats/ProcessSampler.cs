using System.Diagnostics;

namespace Broker.Bench.Load.Stats;

/// <summary>
/// Samples a process (the broker when it is local) every interval for the progress line, the peak RSS and
/// the RSS series of soak runs. CPU over a window is the difference of two samples.
/// </summary>
internal sealed class ProcessSampler : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<ProcessSample> _series = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private ProcessSample? _latest;

    public ProcessSampler(int? pid, TimeSpan interval)
    {
        Pid = pid;
        _loop = pid is null ? Task.CompletedTask : LoopAsync(interval);
    }

    public int? Pid { get; }

    public ProcessSample? Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    public IReadOnlyList<ProcessSample> Series
    {
        get
        {
            lock (_lock)
            {
                return [.. _series];
            }
        }
    }

    /// <summary>Reads the process now (and keeps the sample); null when there is no local process.</summary>
    public ProcessSample? Sample()
    {
        if (Pid is not { } pid || ProcessStats.TryRead(pid) is not { } sample)
        {
            return null;
        }

        lock (_lock)
        {
            _latest = sample;
            _series.Add(sample);
        }

        return sample;
    }

    /// <summary>CPU use between two samples in percent of one core (200 % = both cores of this machine).</summary>
    public static double? CpuPercent(ProcessSample? from, ProcessSample? to)
    {
        if (from is not { } a || to is not { } b || b.Timestamp <= a.Timestamp)
        {
            return null;
        }

        var wall = Stopwatch.GetElapsedTime(a.Timestamp, b.Timestamp).TotalSeconds;
        return (b.Cpu - a.Cpu).TotalSeconds / wall * 100.0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            Sample();
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
