using Broker.Hosting;
using Broker.Options;
using Broker.Storage;
using Broker.Storage.Blobs;

namespace Broker.Files;

/// <summary>Chooses the blob store from <c>Files:Provider</c>; a wrong value stops start-up with one clear message.</summary>
internal static class BlobStoreFactory
{
    public static IBlobStore Create(FilesOptions options, StorageBackend store) =>
        options.Provider.ToLowerInvariant() switch
        {
            "local" => new LocalBlobStore(options.Local.Path),
            "database" => store.DatabaseBlobs
                ?? throw new StorageConfigurationException($"Files:Provider 'database' is not supported by the store '{store.Admin.Name}'; use 'local'."),
            _ => throw new StorageConfigurationException($"Files:Provider '{options.Provider}' is not supported; use 'local' or 'database'."),
        };
}
