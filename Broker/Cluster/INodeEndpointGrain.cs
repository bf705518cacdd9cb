using Orleans.Concurrency;

namespace Broker.Cluster;

/// <summary>
/// The one delivery endpoint of a node, keyed by its silo address (<see cref="NodeEndpointGrain"/> refuses to
/// activate anywhere else): topics on other nodes send it frames and instructions for the sessions connected here.
/// </summary>
[Alias("broker.node")]
internal interface INodeEndpointGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes batch <paramref name="number"/> of <paramref name="from"/>'s deliveries (numbered 1, 2, 3 … per sending
    /// node); a number at or below the last one taken is a resent batch already applied, and is ignored.
    /// </summary>
    [Alias("deliver")]
    Task DeliverAsync(SiloAddress from, long number, NodeDelivery[] batch);

    [Alias("report")]
    [AlwaysInterleave]
    Task<NodeReport> ReportAsync();
}
