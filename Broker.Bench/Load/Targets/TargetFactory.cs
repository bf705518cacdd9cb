using Broker.Bench.Load.Options;

namespace Broker.Bench.Load.Targets;

internal static class TargetFactory
{
    public static async Task<ILoadTarget> StartAsync(LoadOptions options, CancellationToken ct) =>
        options.Url is { } url ? new RemoteTarget(url, options.BrokerPid)
        : options.Baseline ? await BaselineTarget.StartAsync(options.BaselineFlush, ct)
        : await InProcessBrokerTarget.StartAsync(options.Store, ct);
}
