namespace Broker.Cluster;

/// <summary>
/// A node's delivery endpoint: activated by the node itself at start (<see cref="ClusterNode"/>), placed on the node
/// its key names without the grain directory (<see cref="NodeEndpointPlacement"/>), and refusing to activate on any
/// other node (a call for a node that is gone fails instead of landing elsewhere).
/// </summary>
[GrainType("broker-node")]
[NodeEndpointPlacement]
[KeepAlive]
internal sealed class NodeEndpointGrain(ILocalSiloDetails silo, NodeInbox inbox) : Grain, INodeEndpointGrain
{
    public static string KeyOf(SiloAddress node) => node.ToParsableString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (this.GetPrimaryKeyString() != KeyOf(silo.SiloAddress))
        {
            throw new InvalidOperationException($"the endpoint of node {this.GetPrimaryKeyString()} cannot run on {silo.SiloAddress}");
        }

        return Task.CompletedTask;
    }

    public Task DeliverAsync(SiloAddress from, long number, NodeDelivery[] batch)
    {
        inbox.Deliver(from, number, batch);
        return Task.CompletedTask;
    }

    public Task<NodeReport> ReportAsync() => Task.FromResult(inbox.Report());
}
