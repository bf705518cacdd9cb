using BenchmarkDotNet.Attributes;
using Broker.Protocol.Access;
using Broker.Storage;
using Broker.Storage.LiteDb;

namespace Broker.Bench.Micro;

/// <summary>
/// Does sharing one LiteDB transaction (and fsync) between topics pay? <see cref="Topics"/> topics append one
/// 100-byte message each, all at once, as that many busy topic actors would; <see cref="MaxAppendsPerCommit"/> 1
/// gives each append its own transaction, the backend's default lets them share. Messages/s = Topics / Mean.
/// </summary>
[MemoryDiagnoser]
public class LiteDbGroupCommitBenchmarks
{
    private string folder = string.Empty;
    private StorageBackend backend = null!;
    private string[] topics = [];
    private MessageDraft[] batch = [];

    [Params(64)]
    public int Topics { get; set; }

    [Params(1, 1024)]
    public int MaxAppendsPerCommit { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        folder = Path.Combine(Path.GetTempPath(), "broker-bench", Guid.NewGuid().ToString("N"));
        backend = LiteDbBackend.Create(new LiteDbStoreOptions { Path = Path.Combine(folder, "bench.litedb") }, MaxAppendsPerCommit);
        backend.Admin.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        var now = DateTime.UtcNow;
        topics = [.. Enumerable.Range(0, Topics).Select(i => "grpBench" + i)];
        foreach (var name in topics)
        {
            var topic = new TopicRecord { Name = name, Created = now, Updated = now, DefaultAuth = AccessModes.Public };
            backend.Topics.CreateAsync(topic, [], CancellationToken.None).GetAwaiter().GetResult();
        }

        batch = [new MessageDraft(42, now, null, "\"" + new string('x', 98) + "\"")];
    }

    [Benchmark]
    public Task AppendToEveryTopic() => Task.WhenAll(topics.Select(topic => backend.Messages.AppendAsync(topic, batch, CancellationToken.None)));

    [GlobalCleanup]
    public void Cleanup()
    {
        backend.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(folder, recursive: true);
    }
}
