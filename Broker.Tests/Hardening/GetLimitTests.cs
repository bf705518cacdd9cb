using System.Text.Json;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Hardening;

/// <summary>{get data}: the page size is capped at MaxPageSize; bad ranges and limits answer 400 and the session goes on.</summary>
public sealed class GetLimitTests
{
    private static int Code(JsonElement ctrl) => ctrl.GetProperty("code").GetInt32();

    [Fact]
    public async Task Get_data_returns_at_most_MaxPageSize_messages()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;
        var acks = await alice.PubManyAsync(group, 120, i => "m" + i);
        Assert.All(acks, ack => Assert.Equal(202, Code(ack)));

        var id = alice.NextId();
        await alice.SendAsync(new JsonObject
        {
            ["get"] = new JsonObject { ["id"] = id, ["topic"] = group, ["what"] = "data", ["data"] = new JsonObject { ["limit"] = 1000 } },
        });
        var done = await alice.CtrlAsync(id);

        Assert.Equal(208, Code(done));
        Assert.Equal(100, done.GetProperty("params").GetProperty("count").GetInt32());
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "negative limit", """{"limit":-1}""" },
        { "negative since", """{"since":-5}""" },
        { "negative before", """{"before":-1}""" },
        { "range starting at 0", """{"ranges":[{"low":0,"hi":3}]}""" },
        { "range with hi below low", """{"ranges":[{"low":9,"hi":3}]}""" },
        { "negative range", """{"ranges":[{"low":-4}]}""" },
        { "more ranges than a page", "{\"ranges\":[" + string.Join(',', Enumerable.Range(1, 101).Select(i => $"{{\"low\":{i}}}")) + "]}" },
        { "ims on data", """{"ims":"2026-01-01T00:00:00Z"}""" },
        { "user on data", """{"user":"usrAAAAAAAAAAA"}""" },
        { "limit not a number", """{"limit":"ten"}""" },
        { "limit beyond int", """{"limit":99999999999999}""" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task Bad_data_query_answers_400_and_the_session_stays_usable(string what, string data)
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;
        await alice.PubAsync(group, "hello");

        var id = alice.NextId();
        await alice.SendRawAsync("{\"get\":{\"id\":\"" + id + "\",\"topic\":\"" + group + "\",\"what\":\"data\",\"data\":" + data + "}}");
        var ctrl = await alice.ExpectAsync(
            f => f.TryGetProperty("ctrl", out var c) && c.GetProperty("code").GetInt32() >= 400,
            $"a 400 for {what}");

        Assert.Equal(400, ctrl.GetProperty("ctrl").GetProperty("code").GetInt32());
        Assert.Equal(201, Code(await alice.RequestAsync("hi", new JsonObject())));
    }
}
