namespace Broker.Tests.Cluster;

/// <summary>A trivial grain for the cluster tests: it answers with the silo it runs on.</summary>
[Alias("Broker.Tests.Cluster.IProbeGrain")]
public interface IProbeGrain : IGrainWithStringKey
{
    [Alias("Where")]
    ValueTask<string> WhereAsync();
}
