namespace Broker.Cluster;

/// <summary>
/// Where a node's delivery endpoint lives: on the node its key names (<see cref="NodeEndpointPlacementDirector"/>),
/// without the grain directory. With the directory, a node's endpoint could not be found for a moment while the
/// directory recovered the partition of a node that died; the caller then placed a new activation on its own node,
/// which refused it (<see cref="NodeEndpointGrain"/>), and the frames in that call (replies, attachments) were lost.
/// </summary>
[GenerateSerializer]
[Immutable]
[SuppressReferenceTracking]
[Alias("broker.node-endpoint-placement")]
internal sealed class NodeEndpointPlacement : PlacementStrategy
{
    public static NodeEndpointPlacement Instance { get; } = new();

    public override bool IsUsingGrainDirectory => false;
}
