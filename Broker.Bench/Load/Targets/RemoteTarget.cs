using Broker.Bench.Load.Stats;

namespace Broker.Bench.Load.Targets;

/// <summary>A broker already running on this machine (<c>--url</c>); its process is <c>--broker-pid</c> or the port's listener.</summary>
internal sealed class RemoteTarget(Uri endpoint, int? pid) : ILoadTarget
{
    public Uri Endpoint { get; } = endpoint;

    public int? ProcessId { get; } = pid ?? BrokerProcessLocator.FindListener(endpoint.Port);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
