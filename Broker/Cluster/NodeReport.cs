namespace Broker.Cluster;

/// <summary>What a node tells <c>GET /v0/admin/cluster</c> about itself.</summary>
[GenerateSerializer]
[Immutable]
[Alias("broker.node-report")]
internal sealed class NodeReport
{
    [Id(0)]
    public int Sessions { get; init; }

    [Id(1)]
    public int LoadedTopics { get; init; }
}
