using BenchmarkDotNet.Attributes;
using Broker.Protocol.Access;
using Broker.Storage;

namespace Broker.Bench.Micro;

/// <summary>
/// One append transaction of <see cref="BatchSize"/> messages of 100 bytes into one topic of a store file on disk;
/// each file store's benchmark supplies only its backend. Messages/s = BatchSize / Mean.
/// </summary>
[MemoryDiagnoser]
public abstract class FileStoreAppendBenchmarks
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
        backend = CreateBackend(folder);
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

    /// <summary>The backend under test, its file in <paramref name="folder"/>.</summary>
    protected abstract StorageBackend CreateBackend(string folder);

    [GlobalCleanup]
    public void Cleanup()
    {
        backend.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(folder, recursive: true);
    }
}
