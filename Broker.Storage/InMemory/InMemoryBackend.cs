namespace Broker.Storage.InMemory;

/// <summary>Builds the in-memory backend (<c>Storage:Provider=memory</c>): nothing survives a restart.</summary>
public static class InMemoryBackend
{
    public static StorageBackend Create()
    {
        var state = new InMemoryState();
        return new StorageBackend(
            new InMemoryUserStore(state),
            new InMemoryTopicStore(state),
            new InMemorySubscriptionStore(state),
            new InMemoryMessageStore(state),
            new InMemoryOutboxStore(state),
            new InMemoryStoreAdmin())
        {
            Tags = new InMemoryTagIndex(state),
            Files = new InMemoryFileStore(state),
            Reports = new InMemoryReportStore(state),
            DatabaseBlobs = new Blobs.InMemoryBlobStore(),
        };
    }
}
