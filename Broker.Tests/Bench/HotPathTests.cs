using System.Text;
using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Protocol;
using Broker.Protocol.Client;
using Broker.Protocol.Json;

namespace Broker.Tests.Bench;

/// <summary>The per-message paths of the generator: no allocation, and frames the broker's own parser accepts.</summary>
public sealed class HotPathTests
{
    [Fact]
    public void Reading_frames_and_recording_deliveries_does_not_allocate()
    {
        var data = Encoding.UTF8.GetBytes("""{"data":{"topic":"grpAbCdEfGhIjK","from":"usrAbCdEfGhIjK","ts":"2026-01-06T18:07:30.038Z","seq":15,"head":{"mime":"text/plain"},"content":{"p":1,"n":0,"t":123456789,"x":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}}}""");
        var ack = Encoding.UTF8.GetBytes("""{"ctrl":{"id":"123","topic":"grpAbCdEfGhIjK","params":{"seq":15},"code":202,"text":"accepted","ts":"2026-01-06T18:07:30.038Z"}}""");
        var ledger = new DeliveryLedger("r");
        var acked = new SequenceSet();
        var histogram = new LatencyRecorder();
        Run(0, 100);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(100, 10_100);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10_100, ledger.Unique);

        void Run(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                Assert.True(ServerFrameReader.TryRead(data, out var d));
                ledger.Record(d.Publisher, i);
                histogram.Record(d.SentAt % 5000);
                Assert.True(ServerFrameReader.TryRead(ack, out var a));
                acked.Add(i);
                histogram.Record(a.Seq);
            }
        }
    }

    [Fact]
    public void Publish_frames_parse_with_the_broker_parser_and_are_written_without_allocating()
    {
        var publisher = new Publisher(7, new ProtocolClient("p", new MeasureWindow()), "grpAbCdEfGhIjK", contentSize: 300, window: 4, new MeasureWindow());
        publisher.WriteFrame(0, 1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var n = 1; n <= 1000; n++)
        {
            publisher.WriteFrame(n, 987654321);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        Assert.True(FrameParser.TryParse(publisher.LastFrame.Span, out var message));
        Assert.Equal(ClientFrameKind.Pub, message.Kind);
        Assert.Equal("1000", message.Pub!.Id);
        Assert.Equal("grpAbCdEfGhIjK", message.Pub.Topic);
        Assert.True(message.Pub.NoEcho);
        var content = message.Pub.Content!.Value;
        Assert.Equal(7, content.GetProperty("p").GetInt32());
        Assert.Equal(1000, content.GetProperty("n").GetInt64());
        Assert.Equal(987654321, content.GetProperty("t").GetInt64());
        Assert.InRange(content.GetRawText().Length, 280, 320);
    }

    [Fact]
    public void Setup_frames_parse_with_the_broker_parser()
    {
        Assert.True(FrameParser.TryParse(RequestFrames.Hi("s1"), out var hi));
        Assert.Equal(("s1", "0.25"), (hi.Hi!.Id, hi.Hi.Ver));

        Assert.True(FrameParser.TryParse(RequestFrames.CreateAccount("s2", "bob123", "secret99", "Bob"), out var acc));
        Assert.Equal(("new", "basic", true), (acc.Acc!.User, acc.Acc.Scheme, acc.Acc.Login));
        Assert.Equal("bob123:secret99", Encoding.UTF8.GetString(Convert.FromBase64String(acc.Acc.Secret!)));
        Assert.Equal("Bob", acc.Acc.Desc!.Public!.Value.GetProperty("fn").GetString());

        Assert.True(FrameParser.TryParse(RequestFrames.LoginToken("s3", "dG9rZW4="), out var login));
        Assert.Equal(("token", "dG9rZW4="), (login.Login!.Scheme, login.Login.Secret));

        Assert.True(FrameParser.TryParse(RequestFrames.Subscribe("s4", "new"), out var create));
        Assert.Equal("JRWPS", create.Sub!.Set!.Desc!.DefAcs!.Auth);
        Assert.True(FrameParser.TryParse(RequestFrames.Subscribe("s5", "usrAbCdEfGhIjK"), out var p2p));
        Assert.Null(p2p.Sub!.Set);

        Assert.True(FrameParser.TryParse(RequestFrames.GetData("s6", "grpX", 101, 100), out var get));
        Assert.Equal(("data", 101L, 100), (get.Get!.What, get.Get.Data!.Before!.Value, get.Get.Data.Limit!.Value));

        Assert.True(FrameParser.TryParse(RequestFrames.Note("grpX", "read", 42), out var note));
        Assert.Equal(("read", 42L), (note.Note!.What, note.Note.Seq));

        Assert.True(FrameParser.TryParse(RequestFrames.Leave("s7", "grpX"), out var leave));
        Assert.Equal("grpX", leave.Leave!.Topic);
    }
}
