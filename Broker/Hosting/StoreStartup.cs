using Broker.Storage;

namespace Broker.Hosting;

/// <summary>Applies the store's migrations before the broker accepts connections.</summary>
internal sealed partial class StoreStartup(StorageBackend store, ILogger<StoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Admin.MigrateAsync(cancellationToken);
        StoreReady(store.Admin.Name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Store {Store} ready")]
    private partial void StoreReady(string store);
}
