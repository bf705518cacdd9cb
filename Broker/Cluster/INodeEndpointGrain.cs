using Orleans.Concurrency;

namespace Broker.Cluster;

/// <summary>
/// The one delivery endpoint of a node, keyed by its silo address (<see cref="NodeEndpointGrain"/> refuses to
/// activate anywhere else): topics on other nodes send it frames and instructions for the sessions connected here.
/// </summary>
[Alias("broker.node")]
internal interface INodeEndpointGrain : IGrainWithStringKey
{
    [Alias("deliver")]
    Task DeliverAsync(SiloAddress from, NodeDelivery[] batch);

    [Alias("report")]
    [AlwaysInterleave]
    Task<NodeReport> ReportAsync();
}
