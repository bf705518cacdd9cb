using System.Text.Json;
using Broker.Bench.Load.Reporting;

namespace Broker.Tests.Bench;

public sealed class ReportWriterTests
{
    [Fact]
    public void Markdown_rows_have_as_many_cells_as_their_header()
    {
        foreach (var result in new[] { Traffic(), WithConnect(Traffic()), WithHistory(Traffic()) })
        {
            var writer = new StringWriter();
            ReportWriter.WriteMarkdown(writer, result);
            var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal(3, lines.Length);
            var cells = lines.Select(l => l.Count(c => c == '|')).ToArray();
            Assert.Equal(cells[0], cells[1]);
            Assert.Equal(cells[0], cells[2]);
            Assert.StartsWith("| 2026-01-02 |", lines[2], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Summary_says_fail_and_why()
    {
        var result = Traffic();
        result.Failures.Add("3 acknowledged deliveries never reached a connected subscriber");
        var writer = new StringWriter();
        ReportWriter.WriteSummary(writer, result);
        Assert.Contains("FAIL: 3 acknowledged deliveries", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_result_round_trips()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.json");
        try
        {
            await ReportWriter.WriteJsonAsync(path, Traffic(), TestContext.Current.CancellationToken);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
            var root = doc.RootElement;
            Assert.Equal("fanout", root.GetProperty("scenario").GetString());
            Assert.Equal(1234.5, root.GetProperty("deliveredPerSec").GetDouble());
            Assert.Equal(0.25, root.GetProperty("deliveryLatency").GetProperty("p50").GetDouble());
            Assert.Equal(2, root.GetProperty("errors").GetProperty("429").GetInt64());
            Assert.True(root.GetProperty("passed").GetBoolean());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static LoadResult WithConnect(LoadResult result)
    {
        result.Connect = new ConnectStats { Attempted = 10, Established = 9, ConnectionsPerSec = 90, Failures = new Dictionary<string, long> { ["login 401"] = 1 } };
        return result;
    }

    private static LoadResult WithHistory(LoadResult result)
    {
        result.History = new HistoryStats { Pages = 10, PagesPerSec = 5 };
        return result;
    }

    private static LoadResult Traffic()
    {
        var result = new LoadResult
        {
            Scenario = "fanout",
            Target = "baseline-batch",
            Parameters = "1g x 2s",
            StartedUtc = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            DeliveredPerSec = 1234.5,
            DeliveryLatency = new LatencySummary(10, 0.25, 0.4, 0.5, 0.8, 1, 2, 3, 0.4),
        };
        result.Errors["429"] = 2;
        return result;
    }
}
