using Broker.Bench.Load.Baseline;
using Broker.Bench.Load.Options;

namespace Broker.Bench.Load.Targets;

/// <summary>The bare Kestrel broadcaster of <c>--baseline</c>, in this process.</summary>
internal sealed class BaselineTarget(BaselineServer server) : ILoadTarget
{
    public Uri Endpoint => server.Endpoint;

    public int? ProcessId => Environment.ProcessId;

    public static async Task<BaselineTarget> StartAsync(BaselineFlush flush, CancellationToken ct) =>
        new(await BaselineServer.StartAsync(flush, ct));

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
