using Broker.Options;
using Microsoft.Extensions.Options;

namespace Broker.Admin;

/// <summary>
/// The server API under <c>/v0/admin</c> for operators and embedding backends (see docs/server-api.md). It exists only
/// when <c>Broker:Admin:Key</c> is set; otherwise every path under it answers 404.
/// </summary>
internal static class AdminEndpoints
{
    public static void AddBrokerAdmin(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AdminDispatcher>();
    }

    public static void MapBrokerAdmin(this WebApplication app)
    {
        var key = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value.Key;
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        var group = app.MapGroup("/v0/admin").AddEndpointFilter(new AdminKeyFilter(key));
        AdminUserEndpoints.Map(group);
        AdminTopicEndpoints.Map(group);
        AdminEmcEndpoints.Map(group);
        AdminBackupEndpoints.Map(group);
        AdminClusterEndpoints.Map(group);
        AdminReportEndpoints.Map(group);
    }
}
