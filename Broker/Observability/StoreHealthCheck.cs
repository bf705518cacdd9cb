using Broker.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Broker.Observability;

/// <summary>Readiness: the store answers a ping within the check's time limit.</summary>
internal sealed class StoreHealthCheck(StorageBackend store) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            return await store.Admin.PingAsync(limit.Token)
                ? HealthCheckResult.Healthy($"store {store.Admin.Name} reachable")
                : HealthCheckResult.Unhealthy($"store {store.Admin.Name} did not answer the ping");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"store {store.Admin.Name} ping timed out");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception message of a store driver may name hosts or users: report its type only.
            return HealthCheckResult.Unhealthy($"store {store.Admin.Name} ping failed: {ex.GetType().Name}");
        }
    }
}
