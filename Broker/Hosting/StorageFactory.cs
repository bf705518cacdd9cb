using Broker.Options;
using Broker.Storage;
using Broker.Storage.InMemory;
using Broker.Storage.LiteDb;
using Broker.Storage.Postgres;
using Broker.Storage.Sqlite;

namespace Broker.Hosting;

/// <summary>Chooses the store from <c>Storage:Provider</c>; a wrong configuration stops start-up with one clear message.</summary>
internal static class StorageFactory
{
    public static StorageBackend Create(StorageOptions options) =>
        options.Provider.ToLowerInvariant() switch
        {
            "memory" => InMemoryBackend.Create(),
            "sqlite" => SqliteBackend.Create(options.Sqlite),
            "postgres" or "postgresql" => string.IsNullOrWhiteSpace(options.Postgres.ConnectionString)
                ? throw new StorageConfigurationException("Storage:Provider is 'postgres' but Storage:Postgres:ConnectionString is empty.")
                : PostgresBackend.Create(options.Postgres),
            "litedb" => LiteDbBackend.Create(options.LiteDb),
            _ => throw new StorageConfigurationException(
                $"Storage:Provider '{options.Provider}' is not supported; use 'sqlite', 'memory', 'postgres' or 'litedb'."),
        };
}
