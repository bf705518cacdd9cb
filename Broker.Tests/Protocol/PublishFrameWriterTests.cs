using System.Globalization;
using System.Text;
using System.Text.Json;
using Broker.Protocol.Json;
using Broker.Protocol.Server;

namespace Broker.Tests.Protocol;

/// <summary>The hand-written publish frames are byte for byte what the serializer writes for the same frame.</summary>
public sealed class PublishFrameWriterTests
{
    public static TheoryData<string, string?, string?, string?, long, long> DataCases => new()
    {
        { "grpCAcGBQQDAgE", "usrCAcGBQQDAgE", "\"hello\"", null, 1, 0 },
        { "grpCAcGBQQDAgE", null, "{\"fmt\":[{\"tp\":\"ST\"}],\"txt\":\"bold\"}", "{\"mime\":\"text/x-drafty\"}", 9_007_199_254_740_993, 999 },
        { "chnCAcGBQQDAgE", null, null, null, 42, 1 },
        { "usr<&>'\"é\u2028", "usr\\x\u0001", "\"ünïcødé <b>\"", "{\"reply\":\"12\"}", 7, 500 },
        { "p2pAAAA", "usrB", "[1,2.5,true,null]", "{}", 0, 10 },
    };

    [Theory]
    [MemberData(nameof(DataCases))]
    public void A_data_frame_is_what_the_serializer_writes(string topic, string? from, string? content, string? head, long seq, long milliseconds)
    {
        var data = new MsgData
        {
            Topic = topic,
            From = from,
            Ts = new DateTime(2026, 12, 2, 3, 4, 5, DateTimeKind.Utc).AddMilliseconds(milliseconds),
            Seq = seq,
            Head = RawJson.From(head),
            Content = content is null ? null : new RawJson(content),
        };

        Assert.Equal(Serialized(new ServerMessage { Data = data }), Text(PublishFrameWriter.Data(data)));
        // The writer is reused per thread: a second frame carries nothing of the first.
        Assert.Equal(Serialized(new ServerMessage { Data = data }), Text(FrameWriter.Write(data)));
    }

    [Fact]
    public void A_data_frame_larger_than_the_kept_buffer_is_whole_and_the_next_one_too()
    {
        var big = new MsgData { Topic = "grpX", From = "usrY", Ts = DateTime.UnixEpoch, Seq = 3, Content = new RawJson("\"" + new string('x', 200_000) + "\"") };
        var small = new MsgData { Topic = "grpX", Ts = DateTime.UnixEpoch, Seq = 4, Content = new RawJson("1") };

        Assert.Equal(Serialized(new ServerMessage { Data = big }), Text(PublishFrameWriter.Data(big)));
        Assert.Equal(Serialized(new ServerMessage { Data = small }), Text(PublishFrameWriter.Data(small)));
    }

    [Theory]
    [InlineData("17", "grpCAcGBQQDAgE", 5L, false)]
    [InlineData(null, "grpCAcGBQQDAgE", 1L, true)]
    [InlineData("", null, 0L, false)]
    [InlineData("id<\"é>", "usr\u2028", long.MaxValue, true)]
    public void An_ack_is_what_the_serializer_writes(string? id, string? topic, long seq, bool duplicate)
    {
        var ts = new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);
        var expected = new MsgCtrl
        {
            Id = string.IsNullOrEmpty(id) ? null : id,
            Topic = topic,
            Code = 202,
            Text = "accepted",
            Ts = ts,
            Params = new CtrlParams { Seq = seq, Duplicate = duplicate ? true : null },
        };

        Assert.Equal(Serialized(new ServerMessage { Ctrl = expected }), Text(PublishFrameWriter.Accepted(id, topic, seq, duplicate, ts)));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00.000")]
    [InlineData("0987-06-05T04:03:02.001")]
    [InlineData("2026-12-02T23:59:59.999")]
    [InlineData("9999-12-31T23:59:59.999")]
    public void Timestamps_are_written_as_the_format_says(string text)
    {
        var value = DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var written = new byte[TimestampConverter.Length];

        TimestampConverter.FormatUtf8(value, written);

        Assert.Equal(value.ToString(TimestampConverter.Format, CultureInfo.InvariantCulture), Text(written));
        Assert.Equal(text + "Z", Text(written));
    }

    [Fact]
    public void A_local_timestamp_is_written_in_utc()
    {
        var utc = new DateTime(2026, 6, 1, 12, 0, 0, 250, DateTimeKind.Utc);
        var written = new byte[TimestampConverter.Length];

        TimestampConverter.FormatUtf8(utc.ToLocalTime(), written);

        Assert.Equal("2026-06-01T12:00:00.250Z", Text(written));
    }

    private static string Serialized(ServerMessage message) =>
        Text(JsonSerializer.SerializeToUtf8Bytes(message, ProtocolJsonContext.Default.ServerMessage));

    private static string Text(byte[] utf8) => Encoding.UTF8.GetString(utf8);
}
