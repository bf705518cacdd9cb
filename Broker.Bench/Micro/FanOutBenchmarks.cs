using BenchmarkDotNet.Attributes;
using Broker.Protocol.Json;
using Broker.Protocol.Server;
using Broker.Sessions;

namespace Broker.Bench.Micro;

/// <summary>
/// One message to N subscriber outboxes, socketless: the frame is serialized once and the same bytes are queued
/// to every session, as the topic actor does. Allocations per operation should be the one shared buffer.
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    private SocketlessBroker broker = null!;
    private Session[] sessions = [];
    private MsgData data = new();

    [Params(1, 100, 1_000, 10_000)]
    public int Subscribers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        broker = new SocketlessBroker(outboxMaxBytes: 64 * 1024);
        sessions = [.. Enumerable.Range(0, Subscribers).Select(_ => broker.NewSession())];
        data = new MsgData { Topic = "grpCAcGBQQDAgE", From = "usrCAcGBQQDAgE", Ts = DateTime.UtcNow, Seq = 1, Content = new RawJson("\"" + new string('x', 100) + "\"") };
    }

    [GlobalCleanup]
    public void Cleanup() => broker.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark]
    public int SerializeOnceAndQueue()
    {
        var frame = FrameWriter.Write(data);
        foreach (var session in sessions)
        {
            session.Send(frame);
        }

        var drained = 0;
        foreach (var session in sessions)
        {
            while (session.TryTakeQueued(out _))
            {
                drained++;
            }
        }

        return drained;
    }
}
