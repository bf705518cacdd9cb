using System.Text;
using Broker.Bench.Load.Protocol;

namespace Broker.Tests.Bench;

public sealed class ServerFrameReaderTests
{
    [Fact]
    public void Reads_a_publish_ack()
    {
        var f = Read("""{"ctrl":{"id":"42","topic":"grpX","params":{"seq":15},"code":202,"text":"accepted","ts":"2026-01-06T18:07:30.038Z"}}""");
        Assert.Equal(ServerFrameKind.Ctrl, f.Kind);
        Assert.Equal(42, f.NumericId);
        Assert.False(f.HasTextId);
        Assert.Equal(202, f.Code);
        Assert.Equal(15, f.Seq);
    }

    [Fact]
    public void A_non_numeric_id_is_a_setup_reply()
    {
        var f = Read("""{"ctrl":{"id":"s12","params":{"user":"usrA","token":"abc=="},"code":200,"text":"ok","ts":"x"}}""");
        Assert.True(f.HasTextId);
        Assert.Equal(-1, f.NumericId);
        Assert.Equal(200, f.Code);
    }

    [Fact]
    public void An_escaped_id_takes_the_slow_path()
    {
        var f = Read("""{"ctrl":{"id":"\u0034\u0032","code":202,"text":"accepted","ts":"x"}}""");
        Assert.True(f.HasTextId);
        Assert.Equal(-1, f.NumericId);
    }

    [Fact]
    public void Reads_the_probe_from_data_whatever_the_field_order()
    {
        var f = Read("""{"data":{"content":{"x":"xxxx","t":123456789012,"n":77,"nested":{"p":1},"p":3},"head":{"mime":"text/plain","a":[1,{"b":2}]},"seq":9,"topic":"grpX","from":"usrA","ts":"x"}}""");
        Assert.Equal(ServerFrameKind.Data, f.Kind);
        Assert.True(f.HasProbe);
        Assert.Equal(3, f.Publisher);
        Assert.Equal(77, f.PubSeq);
        Assert.Equal(123456789012, f.SentAt);
        Assert.Equal(9, f.Seq);
    }

    [Theory]
    [InlineData("""{"data":{"topic":"grpX","seq":1,"content":"hello"}}""")]
    [InlineData("""{"data":{"topic":"grpX","seq":1,"content":{"p":1,"n":2}}}""")]
    [InlineData("""{"data":{"topic":"grpX","seq":1,"content":null}}""")]
    public void Data_without_a_complete_probe_is_foreign(string json)
    {
        var f = Read(json);
        Assert.Equal(ServerFrameKind.Data, f.Kind);
        Assert.False(f.HasProbe);
        Assert.Equal(1, f.Seq);
    }

    [Theory]
    [InlineData("""{"pres":{"topic":"me","src":"usrA","what":"on"}}""", "Pres")]
    [InlineData("""{"info":{"topic":"grpX","from":"usrA","what":"read","seq":4}}""", "Info")]
    [InlineData("""{"meta":{"id":"s1","topic":"me","sub":[{"topic":"grpX","acs":{"mode":"JRWPS"}}]}}""", "Meta")]
    public void Recognises_the_other_frames(string json, string kind) => Assert.Equal(Enum.Parse<ServerFrameKind>(kind), Read(json).Kind);

    [Theory]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("""{"ctrl":{"id":"1",""")]
    [InlineData("not json")]
    public void Malformed_frames_are_refused(string json) =>
        Assert.False(ServerFrameReader.TryRead(Encoding.UTF8.GetBytes(json), out _));

    [Fact]
    public void CtrlReply_exposes_params_of_setup_replies()
    {
        var reply = CtrlReply.Parse("""{"ctrl":{"id":"s3","topic":"grpQ","params":{"user":"usrA","token":"dG9r","count":5},"code":200,"text":"ok","ts":"x"}}"""u8);
        Assert.Equal("s3", reply.Id);
        Assert.Equal("grpQ", reply.Topic);
        Assert.Equal("usrA", reply.Param("user"));
        Assert.Equal("5", reply.Param("count"));
        Assert.Null(reply.Param("missing"));
        Assert.True(reply.IsSuccess);
    }

    private static ServerFrame Read(string json)
    {
        Assert.True(ServerFrameReader.TryRead(Encoding.UTF8.GetBytes(json), out var frame));
        return frame;
    }
}
