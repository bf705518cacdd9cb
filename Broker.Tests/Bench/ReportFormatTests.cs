using System.Text.Json;
using Broker.Bench.Load.Reporting;

namespace Broker.Tests.Bench;

/// <summary>What the step statistics look like in every report: summary, Markdown, CSV, JSON and the HTML file's data.</summary>
public sealed class ReportFormatTests
{
    [Fact]
    public void Step_totals_count_only_measured_intervals_and_the_timeline_shows_all()
    {
        var result = ReportSamples.TwoSteps();
        var publish = result.Steps.Single(s => s.Name == "publish");

        Assert.Equal(400, publish.Ok);              // intervals 2..5
        Assert.Equal(2, publish.Fail);
        Assert.Equal(100, publish.OkPerSec);
        Assert.Equal(0.498, publish.FailPercent);
        Assert.Equal(5, publish.Timeline.Count);
        Assert.Equal(2, publish.Timeline[2].Fail);
        Assert.Equal(500, publish.Latency!.Count);  // latencies are filtered where recorded, so all five count
        Assert.InRange(publish.Latency.Max, 4.95, 5.05);
        Assert.InRange(publish.Timeline[0].P50!.Value, 0.495, 0.505);
        Assert.Equal(500, publish.Distribution.Sum(b => b.Count));
        Assert.Equal(2, publish.FailStatuses["429"]);
        Assert.Equal(800, result.AllSteps!.Ok);
        Assert.Equal(2, result.AllSteps.FailStatuses["publish 429"]);
    }

    [Fact]
    public void Csv_has_a_total_row_and_one_row_per_interval_for_each_step()
    {
        var lines = CsvReport.Format(ReportSamples.TwoSteps()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(CsvReport.Header, lines[0]);
        Assert.Equal(1 + (2 * (1 + 5)), lines.Length);
        var columns = CsvReport.Header.Split(',').Length;
        Assert.All(lines, l => Assert.Equal(columns, l.Split(',').Length));
        Assert.StartsWith("publish-read,publish,total,,400,2,100,0.5,0.498,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("publish-read,publish,interval,3,100,2,100,2,1.961,", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_of_a_defined_scenario_has_a_row_per_step_and_the_summary_lists_steps_and_thresholds()
    {
        var result = ReportSamples.TwoSteps();
        var markdown = new StringWriter();
        ReportWriter.WriteMarkdown(markdown, result);
        var lines = markdown.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.Equal(lines[0].Count(c => c == '|'), l.Count(c => c == '|')));
        Assert.Contains("| publish | 100.0 | 0.5 |", lines[2], StringComparison.Ordinal);
        Assert.Contains("| 1/2 met |", lines[3], StringComparison.Ordinal);

        var summary = new StringWriter();
        ReportWriter.WriteSummary(summary, result);
        var text = summary.ToString();
        Assert.Contains("step publish   ok 400 (100.0/s), fail 2 (0.5 %)", text, StringComparison.Ordinal);
        Assert.Contains("threshold FAILED publish: publish:p99<1 (p99 4.9 ms)", text, StringComparison.Ordinal);
        Assert.Contains("result    FAIL: thresholds not met: publish: publish:p99<1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_carries_steps_timelines_phases_and_thresholds()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.json");
        try
        {
            await ReportWriter.WriteJsonAsync(path, ReportSamples.TwoSteps(), TestContext.Current.CancellationToken);
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
            var root = doc.RootElement;
            var step = root.GetProperty("steps")[0];
            Assert.Equal("publish", step.GetProperty("name").GetString());
            Assert.Equal(5, step.GetProperty("timeline").GetArrayLength());
            Assert.Equal(0.498, step.GetProperty("failPercent").GetDouble());
            Assert.True(step.GetProperty("distribution").GetArrayLength() > 5);
            Assert.Equal(2, root.GetProperty("phases").GetArrayLength());
            Assert.False(root.GetProperty("thresholdsPassed").GetBoolean());
            Assert.Equal(400, root.GetProperty("iterations").GetInt64());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Html_is_one_file_with_its_data_and_script_inline()
    {
        var html = HtmlReport.Format(ReportSamples.TwoSteps());
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var start = html.IndexOf("<script type=\"application/json\" id=\"data\">", StringComparison.Ordinal);
        var end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        var json = html[(html.IndexOf('>', start) + 1)..end];
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("publish-read", doc.RootElement.GetProperty("scenario").GetString());
    }

    [Fact]
    public void Html_data_cannot_close_its_script_element()
    {
        var result = ReportSamples.TwoSteps();
        result.Label = "</script><script>alert(1)</script>";
        var html = HtmlReport.Format(result);
        Assert.Equal(2, html.Split("</script>").Length - 1);
    }
}
