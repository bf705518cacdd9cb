using Broker.Admin;

namespace Broker.Cluster;

/// <summary>Asks every node of the membership for its report (the admin API's cluster view).</summary>
internal sealed class ClusterReports(IClusterMembershipService membership, IGrainFactory grains, ILocalSiloDetails silo)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    public async Task<ClusterView> GetAsync(CancellationToken cancellationToken)
    {
        var members = membership.CurrentSnapshot.Members.Values.OrderBy(m => m.SiloAddress.ToString(), StringComparer.Ordinal).ToList();
        var views = await Task.WhenAll(members.Select(async member =>
        {
            NodeReport? report = null;
            if (member.Status == SiloStatus.Active)
            {
                try
                {
                    report = await grains.GetGrain<INodeEndpointGrain>(NodeEndpointGrain.KeyOf(member.SiloAddress))
                        .ReportAsync().WaitAsync(AskTimeout, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // A node that does not answer is listed with its status and no figures.
                }
            }

            return new ClusterNodeView(member.SiloAddress.ToString(), member.Status.ToString(), report?.Sessions, report?.LoadedTopics);
        }));
        return new ClusterView(true, silo.SiloAddress.ToString(), views);
    }
}
