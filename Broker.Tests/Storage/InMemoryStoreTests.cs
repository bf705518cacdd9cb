using Broker.Storage;
using Broker.Storage.InMemory;

namespace Broker.Tests.Storage;

public sealed class InMemoryStoreTests : StoreConformanceTests
{
    protected override ValueTask<StorageBackend> CreateBackendAsync() => ValueTask.FromResult(InMemoryBackend.Create());

    [Fact]
    public async Task A_backup_is_not_supported()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() => Backend.Admin.BackupAsync(Path.Combine(Path.GetTempPath(), "never.db"), Ct));
    }
}
