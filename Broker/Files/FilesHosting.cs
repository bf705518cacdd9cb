using Broker.Options;
using Broker.Storage;
using Broker.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Broker.Files;

/// <summary>Registers the blob store, the file endpoints' services and the sweeper of unused uploads.</summary>
internal static class FilesHosting
{
    public static IServiceCollection AddBrokerFiles(this IServiceCollection services)
    {
        services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IBlobStore>(sp => BlobStoreFactory.Create(sp.GetRequiredService<IOptions<FilesOptions>>().Value, sp.GetRequiredService<StorageBackend>()));
        services.AddSingleton<FilesLog>();
        services.AddSingleton<UnusedFileSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<UnusedFileSweeper>());
        return services;
    }
}
