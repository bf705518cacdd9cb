using Broker.Storage;

namespace Broker.Hosting;

/// <summary>Applies the store's migrations before the broker accepts connections.</summary>
internal sealed partial class StoreStartup(IServiceProvider services, ILogger<StoreStartup> logger) : IHostedLifecycleService
{
    /// <summary>Runs before any hosted service starts, Kestrel included: nobody connects to an unmigrated store.</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        StorageBackend store;
        try
        {
            store = services.GetRequiredService<StorageBackend>();
            await store.Admin.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var message = ex is StorageConfigurationException ? ex.Message : $"The store could not be opened: {ex.GetBaseException().Message}";
            StoreFailed(message);
            throw new StorageConfigurationException(message, ex);
        }

        StoreReady(store.Admin.Name);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Store {Store} ready")]
    private partial void StoreReady(string store);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Critical, Message = "Broker cannot start: {Reason}")]
    private partial void StoreFailed(string reason);
}
