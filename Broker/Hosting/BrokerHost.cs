using Broker.Admin;
using Broker.Auth;
using Broker.Emc;
using Broker.Events;
using Broker.Files;
using Broker.Observability;
using Broker.Options;
using Broker.Presence;
using Broker.Sessions;
using Broker.Topics;
using Broker.Transport;
using Broker.Transport.LongPoll;
using Broker.WebApp;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Broker.Hosting;

/// <summary>Builds the broker's web application; tests and the load generator use it to host a broker in-process.</summary>
public static class BrokerHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        // config/appsettings.json ships next to the binary; appsettings.json in the working folder, environment
        // variables (Broker__MaxMessageSize) and the command line (--Broker:MaxMessageSize=…) override it.
        var configFolder = Path.Combine(AppContext.BaseDirectory, "config");
        if (Directory.Exists(configFolder))
        {
            builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
            {
                FileProvider = new PhysicalFileProvider(configFolder),
                Path = "appsettings.json",
                Optional = true,
            });
        }

        AddBroker(builder.Services, builder.Configuration);
        configure?.Invoke(builder);
        builder.AddBrokerCluster();
        var app = builder.Build();
        var webApp = app.UseBrokerWebApp();
        app.UseWebSockets();
        app.MapBrokerWebSockets();
        app.MapBrokerLongPolling();
        app.MapBrokerObservability();
        app.MapBrokerAdmin();
        app.MapBrokerFiles();
        if (!webApp)
        {
            app.MapGet("/", () => Results.Text("Broker: a Tinode-compatible chat server. WebSocket endpoint: /v0/channels"));
        }
        return app;
    }

    /// <summary>
    /// The broker's services without its endpoints: the web host above, and each in-process silo of the Orleans
    /// TestingHost cluster tests (which add <see cref="ClusterHosting.AddClusterTopics"/> and their own store).
    /// </summary>
    internal static void AddBroker(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BrokerOptions>().BindConfiguration(BrokerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidation>();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LoginThrottleOptions>().BindConfiguration(LoginThrottleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CallsOptions>().BindConfiguration(CallsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TagPolicy>();
        services.AddOptions<HostOptions>().Configure<IOptions<BrokerOptions>>((host, broker) => host.ShutdownTimeout = broker.Value.ShutdownTimeout);
        services.AddSingleton(TimeProvider.System);
        services.AddBrokerObservability(configuration);
        services.AddBrokerAdmin();
        services.AddBrokerWebhooks();
        services.AddBrokerEmc();
        services.AddBrokerFiles();
        services.AddSingleton(sp => StoreTracing.Wrap(StorageFactory.Create(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value)));
        services.AddSingleton<TokenService>();
        services.AddSingleton<ApiKeyValidator>();
        services.AddSingleton<ApiKeyEndpointFilter>();
        services.AddHttpClient();
        services.AddSingleton<CodeDeliveryLog>();
        services.AddSingleton<CodeDelivery>();
        services.AddSingleton<CredentialService>();
        services.AddSingleton<PasswordReset>();
        services.AddSingleton<JwtLogin>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<ConnectionLimiter>();
        services.AddSingleton<TransportLog>();
        services.AddOptions<LongPollOptions>().BindConfiguration(LongPollOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.SessionTimeout > o.PollTimeout, "LongPoll:SessionTimeout must be longer than LongPoll:PollTimeout").ValidateOnStart();
        services.AddSingleton<LongPollRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<LongPollRegistry>());
        services.AddSingleton<PresenceRegistry>();
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<OutboxBudget>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BrokerOptions>>().Value;
            return new WriteCoalescer(options.WriteCoalesceDelay, options.WriteCoalesceBytes);
        });
        services.AddSingleton<SessionLog>();
        services.AddSingleton<TopicServices>();
        services.AddSingleton<Hub>();
        services.TryAddSingleton<ITopicRouter, LocalTopicRouter>();
        services.AddSingleton<AccountDeletion>();
        services.AddSingleton<SessionServices>();
        services.AddHostedService<StoreStartup>();
        services.AddHostedService<ShutdownNotifier>();
    }
}
