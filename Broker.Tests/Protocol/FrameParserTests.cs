using System.Text;
using Broker.Protocol.Client;
using Broker.Protocol.Json;
using Broker.Protocol.Server;

namespace Broker.Tests.Protocol;

public sealed class FrameParserTests
{
    private static ClientMessage Parse(string json)
    {
        Assert.True(FrameParser.TryParse(Encoding.UTF8.GetBytes(json), out var message), json);
        return message;
    }

    [Fact]
    public void Keys_are_matched_case_insensitively_and_unknown_fields_ignored()
    {
        var message = Parse("""{"PUB":{"ID":"7","Topic":"grpX","NoEcho":true,"content":{"txt":"hi"},"whatever":1}}""");

        Assert.Equal(ClientFrameKind.Pub, message.Kind);
        Assert.Equal("7", message.Id);
        Assert.True(message.Pub!.NoEcho);
        Assert.Equal("""{"txt":"hi"}""", message.Pub.Content!.Value.GetRawText());
    }

    [Fact]
    public void First_frame_in_tinode_order_wins_when_several_are_present()
    {
        var message = Parse("""{"hi":{"id":"1","ver":"0.25"},"sub":{"id":"2","topic":"me"}}""");

        Assert.Equal(ClientFrameKind.Sub, message.Kind);
        Assert.Equal("2", message.Id);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"bogus":{}}""")]
    [InlineData("""{"pub":{"id":"1","topic":"grpX","noecho":"yes"}}""")]
    [InlineData("""{"get":{"id":"1","topic":"grpX","what":"data","data":{"limit":99999999999999}}}""")]
    [InlineData("[1,2,3]")]
    public void Malformed_frames_are_rejected(string json)
    {
        Assert.False(FrameParser.TryParse(Encoding.UTF8.GetBytes(json), out _));
    }

    [Fact]
    public void Deep_nesting_past_the_limit_is_rejected()
    {
        var deep = new StringBuilder("""{"pub":{"id":"1","topic":"grpX","content":""");
        for (var i = 0; i < 64; i++)
        {
            deep.Append("{\"a\":");
        }

        deep.Append('1').Append('}', 64).Append("}}");
        Assert.False(FrameParser.TryParse(Encoding.UTF8.GetBytes(deep.ToString()), out _));
    }

    [Fact]
    public void Server_frames_use_millisecond_utc_timestamps_and_omit_nulls()
    {
        var bytes = FrameWriter.Write(new MsgCtrl { Id = "1", Code = 200, Text = "ok", Ts = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) });

        Assert.Equal("""{"ctrl":{"id":"1","code":200,"text":"ok","ts":"2026-01-02T03:04:05.000Z"}}""", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Data_frames_write_raw_content_verbatim_and_always_carry_content()
    {
        var withContent = FrameWriter.Write(new MsgData { Topic = "grpX", From = "usrA", Seq = 3, Ts = new DateTime(2026, 1, 2, 0, 0, 0, 123, DateTimeKind.Utc), Content = new RawJson("""{"txt":"hi"}""") });
        var withoutContent = FrameWriter.Write(new MsgData { Topic = "grpX", Seq = 4, Ts = DateTime.UnixEpoch });

        Assert.Equal("""{"data":{"topic":"grpX","from":"usrA","ts":"2026-01-02T00:00:00.123Z","seq":3,"content":{"txt":"hi"}}}""", Encoding.UTF8.GetString(withContent));
        Assert.Contains("\"content\":null", Encoding.UTF8.GetString(withoutContent));
    }
}
