namespace Broker.Bench.Load.Targets;

/// <summary>What the generator connects to, and which local process to sample for CPU/RSS (null = unknown).</summary>
internal interface ILoadTarget : IAsyncDisposable
{
    Uri Endpoint { get; }

    int? ProcessId { get; }
}
