using BenchmarkDotNet.Attributes;
using Broker.Protocol.Client;
using Broker.Protocol.Names;
using Broker.Sessions;
using Broker.Topics;

namespace Broker.Bench.Micro;

/// <summary>
/// A publish through the topic actor with the in-memory store: access check, append, 202 ack and fan-out to every
/// attached subscriber (socketless). One operation = one message delivered to all subscribers.
/// </summary>
[MemoryDiagnoser]
public class TopicPublishBenchmarks
{
    private SocketlessBroker broker = null!;
    private Session[] sessions = [];
    private TopicActor topic = null!;
    private TopicTarget target = null!;
    private MsgPub pub = new();

    [Params(1, 100, 5000)]
    public int Subscribers { get; set; }

    /// <summary><c>Broker:ParallelFanOutThreshold</c>: 0 delivers from the topic's thread alone.</summary>
    [Params(0, 1000)]
    public int ParallelThreshold { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        broker = new SocketlessBroker(settings: ["--Broker:ParallelFanOutThreshold=" + ParallelThreshold, "--Broker:MaxSubscriberCount=10000"]);
        sessions = [.. Enumerable.Range(0, Subscribers).Select(_ => broker.NewSession())];
        var name = broker.CreateGroupAsync(sessions).GetAwaiter().GetResult();
        target = new TopicTarget(name, TopicCategory.Group, name);
        topic = broker.Hub.TryGet(name)!;
        using var content = System.Text.Json.JsonDocument.Parse("\"" + new string('x', 100) + "\"");
        pub = new MsgPub { Id = "1", Topic = name, Content = content.RootElement.Clone() };
    }

    [GlobalCleanup]
    public void Cleanup() => broker.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public async Task PublishAndDeliver()
    {
        topic.Post(new PublishCommand(sessions[0], pub, target, 0));
        await SocketlessBroker.DrainAsync(sessions[0], 2);
        for (var i = 1; i < sessions.Length; i++)
        {
            await SocketlessBroker.DrainAsync(sessions[i], 1);
        }
    }
}
