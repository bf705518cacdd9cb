using Orleans.Runtime.Placement;

namespace Broker.Cluster;

/// <summary>A node's endpoint goes to the node its key names (<see cref="NodeEndpointGrain.KeyOf"/>), alive or not: a call for a node that is gone fails.</summary>
internal sealed class NodeEndpointPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context) =>
        Task.FromResult(SiloAddress.FromParsableString(target.GrainIdentity.Key.ToString()!));
}
