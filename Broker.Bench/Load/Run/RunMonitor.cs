using System.Diagnostics;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Reporting;
using Spectre.Console;

namespace Broker.Bench.Load.Run;

/// <summary>
/// The clock of one run's traffic: samples the run's steps once a second (and at every phase boundary, so the
/// measured totals are exact), keeps the phases for the report's timeline, and shows live progress: a
/// Spectre.Console table rewritten in place when stdout is a terminal, a plain line every
/// <see cref="PlainEvery"/> on the log otherwise (CI, redirection), nothing with <c>--no-progress</c>.
/// </summary>
internal sealed class RunMonitor
{
    public static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);

    private readonly RunContext _ctx;
    private readonly Action<double, double, bool> _sample;
    private readonly Func<string> _extra;
    private readonly Func<long> _errors;
    private readonly Lock _lock = new();
    private readonly List<PhaseReport> _phases = [];
    private readonly long _started = Stopwatch.GetTimestamp();
    private double _lastSample;
    private bool _measuring;
    private string _phase = "setup";
    private double _phaseStart;

    /// <param name="sample">Called with (interval end in s since start, interval length in s, measured): add an interval to every step.</param>
    public RunMonitor(RunContext ctx, Func<IReadOnlyList<StepStats>> steps, Action<double, double, bool> sample, Func<long> errors, Func<string> extra)
    {
        _ctx = ctx;
        _steps = steps;
        _sample = sample;
        _errors = errors;
        _extra = extra;
    }

    private readonly Func<IReadOnlyList<StepStats>> _steps;

    public IReadOnlyList<StepStats> Steps => _steps();

    public IReadOnlyList<PhaseReport> Phases
    {
        get
        {
            lock (_lock)
            {
                return [.. _phases];
            }
        }
    }

    /// <summary>Seconds of the phases marked measured, as sampled.</summary>
    public double MeasuredSeconds { get; private set; }

    public double Elapsed => Stopwatch.GetElapsedTime(_started).TotalSeconds;

    /// <summary>Ends the current phase and starts <paramref name="name"/>; intervals from now on count as measured or not.</summary>
    public void BeginPhase(string name, bool measured)
    {
        lock (_lock)
        {
            SampleLocked();
            ClosePhaseLocked();
            _phase = name;
            _phaseStart = _lastSample;
            _measuring = measured;
        }
    }

    /// <summary>Takes the last interval and closes the last phase.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            SampleLocked();
            ClosePhaseLocked();
            _phase = "done";
        }
    }

    public ProgressSnapshot Snapshot()
    {
        lock (_lock)
        {
            return ProgressSnapshot.From(_ctx.Options.ScenarioName, TimeSpan.FromSeconds(Elapsed), _phase, Steps, _errors(), _extra());
        }
    }

    /// <summary>Samples every second until <paramref name="ct"/> is cancelled, showing progress as configured.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            if (!_ctx.Options.Progress)
            {
                await TickAsync(() => { }, ct);
            }
            else if (ReferenceEquals(_ctx.Output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
            {
                await AnsiConsole.Live(ProgressView.Table(Snapshot())).AutoClear(true)
                    .StartAsync(live => TickAsync(() => live.UpdateTarget(ProgressView.Table(Snapshot())), ct));
            }
            else
            {
                var last = 0.0;
                await TickAsync(() =>
                {
                    if (Elapsed - last >= PlainEvery.TotalSeconds - 0.5)
                    {
                        last = Elapsed;
                        _ctx.Log.WriteLine(ProgressView.Line(Snapshot()));
                    }
                }, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TickAsync(Action show, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(ct))
        {
            lock (_lock)
            {
                SampleLocked();
            }

            show();
        }
    }

    private void SampleLocked()
    {
        var now = Elapsed;
        if (_measuring)
        {
            MeasuredSeconds += now - _lastSample;
        }

        _sample(now, now - _lastSample, _measuring);
        _lastSample = now;
    }

    private void ClosePhaseLocked()
    {
        if (_phase != "setup" && _phase != "done")
        {
            _phases.Add(new PhaseReport(_phase, Math.Round(_phaseStart, 3), Math.Round(_lastSample, 3)));
        }
    }
}
