using Broker.Storage;
using Broker.Storage.LiteDb;

namespace Broker.Bench.Micro;

/// <summary>
/// <see cref="FileStoreAppendBenchmarks"/> on LiteDB (every commit fsyncs the log), beside <see cref="SqliteAppendBenchmarks"/>.
/// </summary>
public class LiteDbAppendBenchmarks : FileStoreAppendBenchmarks
{
    protected override StorageBackend CreateBackend(string folder) =>
        LiteDbBackend.Create(new LiteDbStoreOptions { Path = Path.Combine(folder, "bench.litedb") });
}
