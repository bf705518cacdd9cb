using System.ComponentModel.DataAnnotations;
using Broker.Cluster;
using Broker.Options;
using Broker.Topics;

namespace Broker.Hosting;

/// <summary>
/// Decides at build time whether this node runs an Orleans silo. <c>Cluster:Enabled=false</c> (the default) adds
/// nothing of Orleans: a single node stays zero-setup and pays nothing for the cluster.
/// </summary>
internal static class ClusterHosting
{
    public static void AddBrokerCluster(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BrokerClusterOptions>().BindConfiguration(BrokerClusterOptions.Section);
        var cluster = builder.Configuration.GetSection(BrokerClusterOptions.Section).Get<BrokerClusterOptions>() ?? new BrokerClusterOptions();
        if (!cluster.Enabled)
        {
            return;
        }

        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.Provider.ToLowerInvariant() is not ("postgres" or "postgresql"))
        {
            throw new ClusterConfigurationException(
                $"Cluster:Enabled=true needs Storage:Provider=postgres (the cluster's membership lives in its database), but Storage:Provider is '{storage.Provider}'.");
        }

        if (string.IsNullOrWhiteSpace(storage.Postgres.ConnectionString))
        {
            throw new ClusterConfigurationException("Cluster:Enabled=true needs Storage:Postgres:ConnectionString.");
        }

        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(cluster, new ValidationContext(cluster), errors, validateAllProperties: true))
        {
            throw new ClusterConfigurationException(string.Join(" ", errors.Select(e => e.ErrorMessage)));
        }

        builder.UseOrleans(silo => silo.UseBrokerCluster(cluster, storage.Postgres));
        AddClusterTopics(builder.Services);
    }

    /// <summary>Topics as grains, delivery to this node's sessions, presence across nodes.</summary>
    internal static void AddClusterTopics(IServiceCollection services)
    {
        services.AddSingleton<ClusterLog>();
        services.AddPlacementDirector<NodeEndpointPlacement, NodeEndpointPlacementDirector>();
        services.AddSingleton<NodeOutboxes>();
        services.AddSingleton<ClusterSessions>();
        services.AddSingleton<ClusterEviction>();
        services.AddSingleton<ClusterTopicRouter>();
        services.AddSingleton<ITopicRouter>(sp => sp.GetRequiredService<ClusterTopicRouter>());
        services.AddSingleton<ClusterPresence>();
        services.AddSingleton<ClusterGroups>();
        services.AddSingleton<NodeInbox>();
        services.AddSingleton<ClusterNode>();
        services.AddSingleton<ClusterReports>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterNode>());
        services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [Observability.ObservabilityEndpoints.ReadyTag]);
    }
}
