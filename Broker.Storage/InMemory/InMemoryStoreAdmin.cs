namespace Broker.Storage.InMemory;

internal sealed class InMemoryStoreAdmin : IStoreAdmin
{
    public string Name => "memory";

    public Task MigrateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task BackupAsync(string destinationPath, CancellationToken cancellationToken) =>
        Task.FromException(new NotSupportedException("the memory store keeps nothing to back up"));
}
