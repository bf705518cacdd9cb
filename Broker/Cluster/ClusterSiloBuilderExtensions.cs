using System.Net;
using Broker.Options;
using Broker.Storage.Postgres;
using Orleans.Configuration;

namespace Broker.Cluster;

/// <summary>The one place a broker silo is wired: Program (through BrokerHost) and the cluster tests use it alike.</summary>
internal static class ClusterSiloBuilderExtensions
{
    /// <summary>
    /// Joins the cluster <paramref name="cluster"/> names, with its membership in the broker's PostgreSQL database
    /// (<paramref name="postgres"/>), listening for other nodes on the advertised address and silo port. No gateway
    /// port: nothing outside the cluster calls into it.
    /// </summary>
    public static ISiloBuilder UseBrokerCluster(this ISiloBuilder silo, BrokerClusterOptions cluster, PostgresStoreOptions postgres)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(postgres);

        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ClusterId;
        });
        silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, gatewayPort: 0);
        silo.Configure<ClusterMembershipOptions>(ClusterFailureDetection.Apply);
        silo.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = ClusterCalls.Timeout);
        silo.Services.AddSingleton(_ => PostgresBackend.CreateMembershipStore(postgres));
        silo.Services.AddSingleton<PostgresMembershipTable>();
        silo.Services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<PostgresMembershipTable>());
        return silo;
    }
}
