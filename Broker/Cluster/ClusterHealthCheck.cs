using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Broker.Cluster;

/// <summary>Part of <c>/readyz</c> on a cluster node: ready once it has joined and its endpoint runs, not while it stops.</summary>
internal sealed class ClusterHealthCheck(ClusterNode node) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(node.IsReady ? HealthCheckResult.Healthy("joined the cluster") : HealthCheckResult.Unhealthy("not (or no longer) in the cluster"));
}
