namespace Broker.Storage;

/// <summary>Lifecycle of a backend: schema migration at start-up, a reachability probe for readiness, and backups.</summary>
public interface IStoreAdmin
{
    string Name { get; }

    Task MigrateAsync(CancellationToken cancellationToken);

    Task<bool> PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes a consistent copy of the running store to <paramref name="destinationPath"/>, a file that must not
    /// exist yet. Throws <see cref="NotSupportedException"/> where the backend cannot (memory; PostgreSQL, which is
    /// backed up with pg_dump).
    /// </summary>
    Task BackupAsync(string destinationPath, CancellationToken cancellationToken);
}
