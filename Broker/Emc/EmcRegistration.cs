using Broker.Options;

namespace Broker.Emc;

/// <summary>Registers the emc configuration, the services emc topics use, and the outbox dispatcher.</summary>
internal static class EmcRegistration
{
    public static void AddBrokerEmc(this IServiceCollection services)
    {
        services.AddOptions<EmcOptions>().BindConfiguration(EmcOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EmcOutboxSignal>();
        services.AddSingleton<EmcServices>();
        services.AddSingleton<EmcLog>();
        services.AddHostedService<EmcOutboxDispatcher>();

        // Polly limits each attempt; the client itself must not cut a request short.
        services.AddHttpClient(EmcOutboxDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
    }
}
