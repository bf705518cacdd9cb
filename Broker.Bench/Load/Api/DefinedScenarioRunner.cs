using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Reporting;
using Broker.Bench.Load.Run;
using Broker.Bench.Load.Scenarios;
using Broker.Bench.Load.Simulations;
using Broker.Bench.Load.Stats;

namespace Broker.Bench.Load.Api;

/// <summary>
/// Runs a <see cref="LoadScenario{TSession}"/>: init, open the sessions, then walk the load profile. Every 10 ms the
/// scheduler starts closed-model copies up to the number the current phase wants (a copy above it stops after its
/// iteration) and injects the open-model iterations due by now (the rate's integral, so a ramp is smooth and no
/// iteration is lost to rounding). An iteration leases a free session, so no two use one at once. At the end no
/// new iteration starts and those in flight finish (bounded by the request timeout).
/// </summary>
internal sealed class DefinedScenarioRunner<TSession>(LoadScenario<TSession> scenario, RunContext ctx)
    where TSession : class
{
    /// <summary>Open-model iterations in flight at most; injections beyond it are skipped and reported.</summary>
    public const int MaxInFlight = 10_000;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan FailedIterationPause = TimeSpan.FromMilliseconds(10);

    private readonly Dictionary<string, StepMeter> _meters = new(StringComparer.Ordinal);
    private readonly List<StepMeter> _order = [];
    private readonly Lock _metersLock = new();
    private readonly Channel<int> _free = Channel.CreateUnbounded<int>();
    private readonly CancellationTokenSource _stop = new();
    private TSession?[] _sessions = [];
    private ScenarioContext _context = null!;
    private volatile bool _measured;
    private volatile bool _ended;
    private int _target;
    private int _running;
    private int _inFlight;
    private long _iterations;
    private long _failed;
    private long _skipped;

    public async Task<LoadResult> RunAsync(CancellationToken ct)
    {
        var o = ctx.Options;
        _context = new ScenarioContext(ctx);
        var simulations = o.Load ?? scenario.LoadSimulations(o);
        var warmups = o.Warmup > TimeSpan.Zero ? 1 : 0;
        var phases = warmups == 1 ? [WarmUp(simulations[0], o.Warmup), .. simulations] : simulations.ToList();
        var profile = new LoadProfile(phases);
        try
        {
            await scenario.InitAsync(_context, ct);
            var count = scenario.Sessions(o);
            if (count < 1)
            {
                throw new SetupException($"{scenario.Name} asks for {count} sessions; it needs at least one");
            }

            ctx.Info($"{scenario.Name}: opening {count} session(s)");
            _sessions = new TSession?[count];
            await Parallel.ForEachAsync(Enumerable.Range(0, count), ctx.Parallel(ct), async (i, token) =>
            {
                _sessions[i] = await scenario.OpenSessionAsync(_context, i, token);
            });
            for (var i = 0; i < count; i++)
            {
                _free.Writer.TryWrite(i);
            }

            await ctx.WaitForStartAsync(ct);
            ctx.Info($"{scenario.Name}: {string.Join(", ", phases.Select(p => p.Describe()))}");
            var monitor = new RunMonitor(ctx, Steps, Sample, () => Interlocked.Read(ref _failed),
                () => string.Create(CultureInfo.InvariantCulture, $"copies {Volatile.Read(ref _running)} in-flight {Volatile.Read(ref _inFlight)} iterations {Interlocked.Read(ref _iterations)}"));
            using var monitorStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var monitorTask = monitor.RunAsync(monitorStop.Token);
            var self = Process.GetCurrentProcess();
            var (brokerStart, brokerEnd, cpu) = await DriveAsync(profile, warmups, monitor, self, ct);
            monitor.Finish();
            await monitorStop.CancelAsync();
            await monitorTask;

            var result = TrafficReport.NewResult(ctx);
            result.Parameters = string.Create(CultureInfo.InvariantCulture, $"{count} sessions; {string.Join(", ", simulations.Select(s => s.Describe()))}");
            result.MeasuredSeconds = Math.Round(monitor.MeasuredSeconds, 3);
            result.Sessions = count;
            result.Iterations = Interlocked.Read(ref _iterations);
            result.FailedIterations = Interlocked.Read(ref _failed);
            result.SkippedInjections = Interlocked.Read(ref _skipped);
            result.Phases = [.. monitor.Phases];
            StepReports.Fill(result, Steps(), monitor.MeasuredSeconds);
            foreach (var step in result.Steps)
            {
                foreach (var (status, n) in step.FailStatuses)
                {
                    result.Errors[$"{step.Name} {status}"] = n;
                }
            }

            TrafficReport.AddProcess(ctx, result, brokerStart, brokerEnd, cpu, monitor.MeasuredSeconds);
            foreach (var session in _sessions)
            {
                if (session is ProtocolClient client)
                {
                    TrafficReport.AddErrors(result, [client]);
                }
            }

            scenario.Complete(result);
            return result;
        }
        finally
        {
            await _stop.CancelAsync();
            var options = new ParallelOptions { MaxDegreeOfParallelism = 64 };
            await Parallel.ForEachAsync(_sessions.OfType<TSession>(), options, async (s, _) => await scenario.CloseSessionAsync(s));
            await scenario.CleanUpAsync();
            _stop.Dispose();
        }
    }

    private static LoadSimulation WarmUp(LoadSimulation first, TimeSpan during) => first switch
    {
        Inject i => i with { During = during },
        RampingInject r => r with { During = during },
        KeepConstant k => k with { During = during },
        RampingConstant r => r with { During = during },
        _ => new Pause(during),
    };

    private async Task<(ProcessSample?, ProcessSample?, TimeSpan)> DriveAsync(LoadProfile profile, int warmups, RunMonitor monitor, Process self, CancellationToken ct)
    {
        var copies = new Task?[Math.Max(profile.MaxCopies, 1)];
        var injected = new List<Task>();
        long injectedCount = 0;
        var phase = -1;
        ProcessSample? brokerStart = null;
        var cpuStart = TimeSpan.Zero;
        var start = Stopwatch.GetTimestamp();
        var last = false;
        while (!last)
        {
            var t = Stopwatch.GetElapsedTime(start);
            if (t >= profile.Duration)
            {
                // one more pass at the very end: inject what is still due, let closed copies go
                (t, last) = (profile.Duration, true);
            }

            var p = profile.PhaseAt(t);
            while (phase < p && !last)
            {
                // every phase gets its place on the timeline, even one a slow tick stepped over
                phase++;
                _measured = phase >= warmups;
                var name = profile.Simulations[phase].Describe();
                monitor.BeginPhase(_measured ? name : "warm-up " + name, _measured);
                if (_measured && brokerStart is null)
                {
                    brokerStart = ctx.Sampler.Sample();
                    self.Refresh();
                    cpuStart = self.TotalProcessorTime;
                }
            }

            var target = profile.CopiesAt(t);
            Volatile.Write(ref _target, target);
            for (var i = 0; i < target; i++)
            {
                if (copies[i] is not { IsCompleted: false })
                {
                    var copy = i;
                    copies[i] = Task.Run(() => CopyAsync(copy, ct), CancellationToken.None);
                }
            }

            var due = (long)Math.Floor(profile.InjectedBy(t) + 1e-9) - injectedCount;
            for (var k = 0; k < due; k++)
            {
                if (Volatile.Read(ref _inFlight) >= MaxInFlight)
                {
                    Interlocked.Increment(ref _skipped);
                    continue;
                }

                Interlocked.Increment(ref _inFlight);
                injected.Add(Task.Run(() => InjectedAsync(ct), CancellationToken.None));
            }

            injectedCount += Math.Max(due, 0);
            if (injected.Count > 1024)
            {
                injected.RemoveAll(task => task.IsCompleted);
            }

            if (!last)
            {
                await Task.Delay(Tick, ct);
            }
        }

        Volatile.Write(ref _target, 0);
        _ended = true;
        var brokerEnd = ctx.Sampler.Sample();
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuStart;
        var pending = copies.OfType<Task>().Concat(injected).ToList();
        if (!await Bounded.WhenAllAsync(ctx, pending, ctx.Options.RequestTimeout + TimeSpan.FromSeconds(5), "iterations", ct))
        {
            await _stop.CancelAsync();
        }

        return (brokerStart, brokerEnd, cpu);
    }

    private async Task CopyAsync(int copy, CancellationToken ct)
    {
        Interlocked.Increment(ref _running);
        try
        {
            while (copy < Volatile.Read(ref _target) && !ct.IsCancellationRequested)
            {
                if (!await IterateAsync(copy, ct))
                {
                    await Task.Delay(FailedIterationPause, ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task InjectedAsync(CancellationToken ct)
    {
        try
        {
            await IterateAsync(-1, ct);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Leases a session, runs one iteration, returns the session; false when the iteration failed.</summary>
    private async Task<bool> IterateAsync(int copy, CancellationToken ct)
    {
        var waited = false;
        if (!_free.Reader.TryRead(out var index))
        {
            waited = true;
            try
            {
                index = await _free.Reader.ReadAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }

        try
        {
            if (copy >= 0 ? copy >= Volatile.Read(ref _target) : waited && _ended)
            {
                // waited for a session past the copy's phase or the end of the profile
                if (copy < 0)
                {
                    Interlocked.Increment(ref _skipped);
                }

                return true;
            }

            var number = Interlocked.Increment(ref _iterations) - 1;
            var iteration = new IterationContext<TSession>(_context, _sessions[index]!, index, copy, number, Meter, _measured, ct);
            await scenario.RunIterationAsync(iteration);
            return true;
        }
        catch (StepFailedException)
        {
            Interlocked.Increment(ref _failed);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Scenario code that threw outside a step: count it so it shows, under a step of its own.
            Interlocked.Increment(ref _failed);
            Meter("iteration").RecordFail(e.GetType().Name, _measured);
            return false;
        }
        finally
        {
            _free.Writer.TryWrite(index);
        }
    }

    private StepMeter Meter(string name)
    {
        lock (_metersLock)
        {
            if (!_meters.TryGetValue(name, out var meter))
            {
                meter = new StepMeter(name);
                _meters.Add(name, meter);
                _order.Add(meter);
            }

            return meter;
        }
    }

    private IReadOnlyList<StepStats> Steps()
    {
        lock (_metersLock)
        {
            return [.. _order.Select(m => m.Stats)];
        }
    }

    private void Sample(double at, double seconds, bool measured)
    {
        StepMeter[] meters;
        lock (_metersLock)
        {
            meters = [.. _order];
        }

        foreach (var meter in meters)
        {
            meter.Sample(at, seconds, measured);
        }
    }
}
