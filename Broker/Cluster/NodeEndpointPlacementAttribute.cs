using Orleans.Placement;

namespace Broker.Cluster;

/// <summary>Places a grain by <see cref="NodeEndpointPlacement"/>: on the node its key names.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class NodeEndpointPlacementAttribute() : PlacementAttribute(NodeEndpointPlacement.Instance);
