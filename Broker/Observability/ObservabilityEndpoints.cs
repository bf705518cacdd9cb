using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Broker.Observability;

/// <summary>
/// OpenTelemetry (the <c>Broker</c> meter, ASP.NET Core, Kestrel, runtime and process metrics; traces of the
/// <c>Broker</c> activity source), <c>/metrics</c> through OpenTelemetry's Prometheus exporter, OTLP export when an
/// endpoint is configured, <c>/healthz</c> (liveness) and <c>/readyz</c> (readiness: store reachable).
/// </summary>
internal static class ObservabilityEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>The OTLP endpoint in configuration; the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> works as well.</summary>
    public const string OtlpEndpointKey = "OpenTelemetry:Otlp:Endpoint";

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>; the standard <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> works as well.</summary>
    public const string OtlpProtocolKey = "OpenTelemetry:Otlp:Protocol";

    /// <summary>Meters of ASP.NET Core and Kestrel that the framework publishes without instrumentation packages.</summary>
    private static readonly string[] FrameworkMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
    ];

    public static void AddBrokerObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.AddSingleton<BrokerMetrics>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: [ReadyTag]);

        var otlpEndpoint = configuration[OtlpEndpointKey];
        var otlpFromEnvironment = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("broker", serviceVersion: typeof(BrokerActivity).Assembly.GetName().Version?.ToString(3)))
            .WithMetrics(metrics => metrics
                .AddMeter(BrokerMetrics.MeterName)
                .AddMeter(FrameworkMeters)
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

        // Spans are recorded only when they go somewhere: without an exporter nobody listens to the activity source.
        if (!string.IsNullOrWhiteSpace(otlpEndpoint) || otlpFromEnvironment)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(BrokerActivity.SourceName)
                .AddAspNetCoreInstrumentation());
            if (!string.IsNullOrWhiteSpace(otlpEndpoint))
            {
                var protocol = string.Equals(configuration[OtlpProtocolKey], "http/protobuf", StringComparison.OrdinalIgnoreCase)
                    ? OtlpExportProtocol.HttpProtobuf
                    : OtlpExportProtocol.Grpc;
                telemetry.UseOtlpExporter(protocol, new Uri(otlpEndpoint));
            }
            else
            {
                telemetry.UseOtlpExporter();
            }
        }
    }

    public static void MapBrokerObservability(this WebApplication app)
    {
        // The meter provider listens from now on, and the broker's instruments are created after it, so that every
        // series is there (at zero) from start-up, not from the first scrape or the first event.
        app.Services.GetRequiredService<MeterProvider>();
        app.Services.GetRequiredService<BrokerMetrics>().Publish();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
    }
}
