namespace Broker.Tests.Cluster;

/// <summary>Tests that run several broker processes as a cluster: one at a time, so they do not starve each other on a small machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterProcessesCollection
{
    public const string Name = "cluster processes";
}
