using Broker.Storage;
using Broker.Storage.Sqlite;

namespace Broker.Bench.Micro;

/// <summary>
/// <see cref="FileStoreAppendBenchmarks"/> on SQLite (WAL, synchronous=FULL: every commit waits for an fsync).
/// </summary>
public class SqliteAppendBenchmarks : FileStoreAppendBenchmarks
{
    protected override StorageBackend CreateBackend(string folder) =>
        SqliteBackend.Create(new SqliteStoreOptions { Path = Path.Combine(folder, "bench.db") });
}
