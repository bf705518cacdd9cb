namespace Broker.Storage.InMemory;

internal sealed class InMemoryStoreAdmin : IStoreAdmin
{
    public string Name => "memory";

    public Task MigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);
}
