namespace Broker.Storage;

/// <summary>Lifecycle of a backend: schema migration at start-up and a reachability probe for readiness.</summary>
public interface IStoreAdmin
{
    string Name { get; }

    Task MigrateAsync(CancellationToken cancellationToken);

    Task<bool> PingAsync(CancellationToken cancellationToken);
}
