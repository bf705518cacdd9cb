using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Broker.Observability;

/// <summary><c>/metrics</c> (Prometheus text), <c>/healthz</c> (liveness) and <c>/readyz</c> (readiness: store reachable).</summary>
internal static class ObservabilityEndpoints
{
    public const string ReadyTag = "ready";

    public static void AddBrokerObservability(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<BrokerMetrics>();
        services.AddSingleton(sp => new PrometheusCollector(sp.GetRequiredService<BrokerMetrics>().Meter));
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [ReadyTag]);
    }

    public static void MapBrokerObservability(this WebApplication app)
    {
        // Created now so that it counts from start-up, not from the first scrape.
        var collector = app.Services.GetRequiredService<PrometheusCollector>();
        app.MapGet("/metrics", () => Results.Text(collector.Render(), PrometheusCollector.ContentType));
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
    }
}
