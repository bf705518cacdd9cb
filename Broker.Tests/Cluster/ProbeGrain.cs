using Orleans.Placement;

namespace Broker.Tests.Cluster;

/// <summary>Placed at random, so that calls from one silo land on the others too.</summary>
[GrainType("broker-test-probe")]
[RandomPlacement]
internal sealed class ProbeGrain(ILocalSiloDetails silo) : Grain, IProbeGrain
{
    public ValueTask<string> WhereAsync() => ValueTask.FromResult(silo.SiloAddress.ToParsableString());
}
