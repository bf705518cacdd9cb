using System.Net;
using System.Text.Json.Nodes;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Sys;

/// <summary>
/// Abuse reports: what Tinode's apps publish to <c>sys</c> with "Report" (tinode-js <c>report("report", topic)</c>) is
/// accepted without a subscription, stored, listed in the server API and sent as a <c>report.created</c> webhook.
/// </summary>
public sealed class SysReportTests
{
    /// <summary>The frame tinode-js sends for <c>report(action, target)</c>: a Drafty JSON attachment.</summary>
    private static JsonObject ReportFrame(string action, string target) => new()
    {
        ["topic"] = "sys",
        ["noecho"] = false,
        ["head"] = new JsonObject { ["mime"] = "text/x-drafty" },
        ["content"] = new JsonObject
        {
            ["ent"] = new JsonArray(new JsonObject
            {
                ["tp"] = "EX",
                ["data"] = new JsonObject
                {
                    ["mime"] = "application/json",
                    ["val"] = new JsonObject { ["action"] = action, ["target"] = target },
                },
            }),
            ["fmt"] = new JsonArray(new JsonObject { ["at"] = -1, ["len"] = 0, ["key"] = 0 }),
        },
    };

    [Fact]
    public async Task A_report_published_to_sys_without_subscribing_is_accepted_stored_listed_and_sent_as_a_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var broker = await TestBroker.StartAsync(
            "--Broker:Admin:Key=" + AdminClient.Key,
            "--Broker:Webhooks:0:Url=" + receiver.Url,
            "--Broker:Webhooks:0:Secret=webhook-secret-0123456789",
            "--Broker:Webhooks:0:Events:0=report.created");
        await using var alice = await broker.UserAsync("alice");
        await using var mallory = await broker.UserAsync("mallory");

        var ack = await alice.RequestAsync("pub", ReportFrame("report", mallory.UserId!));

        FrameAssert.Ctrl(ack, 202, "accepted");
        Assert.Equal("sys", ack.Str("topic"));
        var seq = ack.GetProperty("params").GetProperty("seq").GetInt64();
        Assert.True(seq > 0);

        var hook = await receiver.ExpectEventAsync("report.created");
        Assert.Equal("sys", hook.Json.Str("topic"));
        Assert.Equal(seq, hook.Json.Long("seq"));
        Assert.Equal(alice.UserId, hook.Json.Str("from"));
        Assert.Equal("report", hook.Json.Str("action"));
        Assert.Equal(mallory.UserId, hook.Json.Str("target"));
        Assert.False(hook.Json.Has("content"), "content only for receivers with IncludeContent");

        using var admin = new AdminClient(broker.BaseUri);
        var (status, body) = await admin.GetAsync("/v0/admin/reports");
        Assert.Equal(HttpStatusCode.OK, status);
        var report = Assert.Single(body.GetProperty("reports").EnumerateArray());
        Assert.Equal(seq, report.Long("id"));
        Assert.Equal(alice.UserId, report.Str("from"));
        Assert.Equal("report", report.Str("action"));
        Assert.Equal(mallory.UserId, report.Str("target"));
        Assert.Equal("text/x-drafty", report.GetProperty("head").Str("mime"));
        Assert.Equal("EX", report.GetProperty("content").GetProperty("ent")[0].Str("tp"));
        Assert.True(report.Has("created"));
        Assert.False(body.Has("next"), "one page");
    }

    [Fact]
    public async Task Reports_are_listed_newest_first_in_pages()
    {
        await using var broker = await TestBroker.StartAsync("--Broker:Admin:Key=" + AdminClient.Key);
        await using var alice = await broker.UserAsync("alice");
        var seqs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var ack = await alice.RequestAsync("pub", ReportFrame("report", $"grpTarget{i}"));
            seqs.Add(ack.GetProperty("params").GetProperty("seq").GetInt64());
        }

        using var admin = new AdminClient(broker.BaseUri);
        var (_, first) = await admin.GetAsync("/v0/admin/reports?limit=2");
        var next = first.GetProperty("next").GetInt64();
        var (_, second) = await admin.GetAsync($"/v0/admin/reports?limit=2&before={next}");

        Assert.Equal([seqs[2], seqs[1]], first.GetProperty("reports").EnumerateArray().Select(r => r.Long("id")!.Value));
        Assert.Equal(["grpTarget2", "grpTarget1"], first.GetProperty("reports").EnumerateArray().Select(r => r.Str("target")));
        Assert.Equal([seqs[0]], second.GetProperty("reports").EnumerateArray().Select(r => r.Long("id")!.Value));
        Assert.False(second.Has("next"));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/v0/admin/reports?limit=0")).Status);
        using var stranger = new AdminClient(broker.BaseUri, key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/v0/admin/reports")).Status);
    }

    [Fact]
    public async Task Nobody_may_subscribe_to_or_read_sys_and_a_report_needs_a_login()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");

        FrameAssert.Ctrl(await alice.SubAsync("sys"), 403, "permission denied");
        FrameAssert.Ctrl(await alice.RequestAsync("get", new JsonObject { ["topic"] = "sys", ["what"] = "desc" }), 403, "permission denied");
        var malformed = await alice.RequestAsync("pub", new JsonObject { ["topic"] = "sys" });
        Assert.Equal(400, malformed.Long("code"));

        await using var anonymous = await broker.ConnectAsync();
        await anonymous.HiAsync();
        var refused = await anonymous.RequestAsync("pub", ReportFrame("report", alice.UserId!));
        Assert.Equal(401, refused.Long("code"));
    }
}
