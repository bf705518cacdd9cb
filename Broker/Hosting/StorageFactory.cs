using Broker.Options;
using Broker.Storage;
using Broker.Storage.InMemory;

namespace Broker.Hosting;

/// <summary>Chooses the store from <c>Storage:Provider</c>; a wrong configuration stops start-up with one clear message.</summary>
internal static class StorageFactory
{
    public static StorageBackend Create(StorageOptions options) =>
        options.Provider.ToLowerInvariant() switch
        {
            "memory" => InMemoryBackend.Create(),
            _ => throw new InvalidOperationException(
                $"Storage:Provider '{options.Provider}' is not supported; use 'sqlite', 'memory' or 'postgres'."),
        };
}
