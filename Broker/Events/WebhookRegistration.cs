using Broker.Options;

namespace Broker.Events;

/// <summary>Registers the event sink the topics report to, and the webhook delivery service.</summary>
internal static class WebhookRegistration
{
    public static void AddBrokerWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                configuration.GetSection(WebhookOptions.DeliverySection).Bind(options);
                configuration.GetSection(WebhookOptions.EndpointsSection).Bind(options.Endpoints);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<WebhookLog>();
        services.AddSingleton<WebhookEventSink>();
        services.AddSingleton<IBrokerEvents>(sp => sp.GetRequiredService<WebhookEventSink>());
        services.AddHostedService<WebhookDispatcher>();

        // Polly limits each attempt; the client itself must not cut a request short.
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
    }
}
