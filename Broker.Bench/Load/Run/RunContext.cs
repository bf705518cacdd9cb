using Broker.Bench.Load.Options;
using Broker.Bench.Load.Protocol;
using Broker.Bench.Load.Stats;

namespace Broker.Bench.Load.Run;

/// <summary>What every scenario of one run shares: options, endpoint, identity, the measured window, sampler, writers.</summary>
internal sealed class RunContext
{
    public RunContext(LoadOptions options, Uri endpoint, ProcessSampler sampler, TextWriter output, TextWriter log)
    {
        Options = options;
        Endpoint = endpoint;
        Endpoints = [endpoint, .. options.ExtraUrls];
        Sampler = sampler;
        Output = output;
        Log = log;
        Identity = new RunIdentity(options.Shard);
        Sessions = new SessionFactory(this);
    }

    public LoadOptions Options { get; }
    public Uri Endpoint { get; }

    /// <summary>Every node sessions connect to: <see cref="Endpoint"/> and the further <c>--url</c> nodes.</summary>
    public IReadOnlyList<Uri> Endpoints { get; }

    private long nextEndpoint = -1;

    /// <summary>The node the next session connects to, round-robin over <see cref="Endpoints"/>.</summary>
    public Uri NextEndpoint() => Endpoints[(int)((ulong)Interlocked.Increment(ref nextEndpoint) % (ulong)Endpoints.Count)];
    public ProcessSampler Sampler { get; }
    public TextWriter Output { get; }
    public TextWriter Log { get; }
    public RunIdentity Identity { get; }
    public SessionFactory Sessions { get; }
    public MeasureWindow Window { get; } = new();

    /// <summary>True when the sampled process is this one (in-process broker or baseline).</summary>
    public bool BrokerInProcess => Sampler.Pid == Environment.ProcessId;

    public ParallelOptions Parallel(CancellationToken ct) =>
        new() { MaxDegreeOfParallelism = Options.SetupParallelism, CancellationToken = ct };

    public void Info(string message) => Log.WriteLine($"[bench] {message}");

    /// <summary>Honours <c>--start-at</c>: setup is done, wait for the agreed moment (at most one hour).</summary>
    public async Task WaitForStartAsync(CancellationToken ct)
    {
        if (Options.StartAtUnixMs is not { } startAt)
        {
            return;
        }

        var wait = DateTimeOffset.FromUnixTimeMilliseconds(startAt) - DateTimeOffset.UtcNow;
        if (wait <= TimeSpan.Zero)
        {
            Info($"--start-at is {-wait.TotalSeconds:0.0} s in the past; starting now");
            return;
        }

        if (wait > TimeSpan.FromHours(1))
        {
            throw new SetupException("--start-at is more than an hour away");
        }

        Info($"waiting {wait.TotalSeconds:0.0} s for --start-at");
        await Task.Delay(wait, ct);
    }
}
