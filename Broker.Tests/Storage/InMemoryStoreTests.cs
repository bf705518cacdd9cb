using Broker.Storage;
using Broker.Storage.InMemory;

namespace Broker.Tests.Storage;

public sealed class InMemoryStoreTests : StoreConformanceTests
{
    protected override ValueTask<StorageBackend> CreateBackendAsync() => ValueTask.FromResult(InMemoryBackend.Create());
}
