using BenchmarkDotNet.Attributes;
using Broker.Protocol.Access;
using Broker.Storage;
using Broker.Storage.Sqlite;

namespace Broker.Bench.Micro;

/// <summary>
/// One append transaction of <see cref="BatchSize"/> messages of 100 bytes into one topic of a SQLite file on disk
/// (WAL, synchronous=FULL: every commit waits for an fsync). Messages/s = BatchSize / Mean.
/// </summary>
[MemoryDiagnoser]
public class SqliteAppendBenchmarks
{
    private const string Topic = "grpBench";

    private string folder = string.Empty;
    private StorageBackend backend = null!;
    private MessageDraft[] batch = [];

    [Params(1, 16, 128, 1024)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        folder = Path.Combine(Path.GetTempPath(), "broker-bench", Guid.NewGuid().ToString("N"));
        backend = SqliteBackend.Create(new SqliteStoreOptions { Path = Path.Combine(folder, "bench.db") });
        backend.Admin.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        var now = DateTime.UtcNow;
        var topic = new TopicRecord { Name = Topic, Created = now, Updated = now, DefaultAuth = AccessModes.Public };
        backend.Topics.CreateAsync(topic, [], CancellationToken.None).GetAwaiter().GetResult();

        // A JSON string of exactly 100 bytes.
        var content = "\"" + new string('x', 98) + "\"";
        batch = [.. Enumerable.Range(0, BatchSize).Select(i => new MessageDraft(42, now.AddMilliseconds(i), null, content))];
    }

    [Benchmark]
    public Task<AppendResult> Append() => backend.Messages.AppendAsync(Topic, batch, CancellationToken.None);

    [GlobalCleanup]
    public void Cleanup()
    {
        backend.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(folder, recursive: true);
    }
}
