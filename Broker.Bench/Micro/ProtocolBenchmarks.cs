using System.Text;
using BenchmarkDotNet.Attributes;
using Broker.Protocol.Json;
using Broker.Protocol.Server;

namespace Broker.Bench.Micro;

/// <summary>Parsing client frames and writing server frames, by content size.</summary>
[MemoryDiagnoser]
public class ProtocolBenchmarks
{
    private byte[] pub = [];
    private byte[] sub = [];
    private byte[] get = [];
    private byte[] note = [];
    private MsgData data = new();
    private MsgCtrl ack = new();

    [Params(64, 1024, 16 * 1024)]
    public int ContentSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new string('x', ContentSize);
        pub = Encoding.UTF8.GetBytes("""{"pub":{"id":"123","topic":"grpCAcGBQQDAgE","noecho":false,"head":{"mime":"text/plain"},"content":"CONTENT"}}""".Replace("CONTENT", text, StringComparison.Ordinal));
        sub = Encoding.UTF8.GetBytes("""{"sub":{"id":"4","topic":"grpCAcGBQQDAgE","get":{"what":"desc sub data","data":{"limit":24}}}}""");
        get = Encoding.UTF8.GetBytes("""{"get":{"id":"5","topic":"grpCAcGBQQDAgE","what":"data","data":{"before":100,"limit":24}}}""");
        note = Encoding.UTF8.GetBytes("""{"note":{"topic":"grpCAcGBQQDAgE","what":"read","seq":15}}""");
        data = new MsgData
        {
            Topic = "grpCAcGBQQDAgE",
            From = "usrCAcGBQQDAgE",
            Ts = DateTime.UtcNow,
            Seq = 12345,
            Content = new RawJson("\"" + text + "\""),
        };
        ack = new MsgCtrl { Id = "123", Topic = "grpCAcGBQQDAgE", Code = 202, Text = "accepted", Ts = DateTime.UtcNow, Params = new CtrlParams { Seq = 12345 } };
    }

    [Benchmark]
    public object ParsePub()
    {
        FrameParser.TryParse(pub, out var message);
        return message;
    }

    [Benchmark]
    public object ParseSub()
    {
        FrameParser.TryParse(sub, out var message);
        return message;
    }

    [Benchmark]
    public object ParseGet()
    {
        FrameParser.TryParse(get, out var message);
        return message;
    }

    [Benchmark]
    public object ParseNote()
    {
        FrameParser.TryParse(note, out var message);
        return message;
    }

    /// <summary>{data} as the broker writes it (<see cref="PublishFrameWriter"/>).</summary>
    [Benchmark]
    public byte[] WriteData() => FrameWriter.Write(data);

    /// <summary>The same {data} through the source-generated serializer, as it was written before.</summary>
    [Benchmark]
    public byte[] WriteDataSerializer() =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ServerMessage { Data = data }, ProtocolJsonContext.Default.ServerMessage);

    /// <summary>The publish ack through the serializer (every other {ctrl} still goes this way).</summary>
    [Benchmark]
    public byte[] WriteAck() => FrameWriter.Write(ack);

    /// <summary>The publish ack as the broker writes it now.</summary>
    [Benchmark]
    public byte[] WriteAccepted() => PublishFrameWriter.Accepted(ack.Id, ack.Topic, 12345, duplicate: false, ack.Ts);
}
