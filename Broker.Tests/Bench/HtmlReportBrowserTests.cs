using System.Diagnostics;
using System.Text.RegularExpressions;
using Broker.Bench.Load.Reporting;

namespace Broker.Tests.Bench;

/// <summary>
/// Opens the HTML report in headless Chromium (Debian's <c>chromium</c> package at /usr/bin/chromium, as
/// WebAppBrowserTests uses it; CI installs it) with the network off, and reads the DOM after the inline script
/// ran: every chart is an SVG with drawn series or bars, and no script error was raised.
/// </summary>
public sealed partial class HtmlReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Charts_render_in_headless_chromium()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Skip($"{Chromium} is not installed (apt-get install chromium); the HTML report's charts were not rendered");
        }

        var folder = Path.Combine(Path.GetTempPath(), $"bench-html-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "report.html");
            await HtmlReport.WriteAsync(path, ReportSamples.TwoSteps(), TestContext.Current.CancellationToken);
            var dom = await DumpDomAsync(path, folder);

            var body = BodyTag().Match(dom);
            Assert.True(body.Success, "the DOM has a body");
            Assert.DoesNotContain("data-error", body.Value, StringComparison.Ordinal);
            // throughput + (latency over time + distribution) for each of the two steps
            Assert.Contains("data-rendered=\"5\"", body.Value, StringComparison.Ordinal);
            Assert.Single(Chart("throughput").Matches(dom));
            Assert.Equal(2, Chart("latency").Matches(dom).Count);
            Assert.Equal(2, Chart("distribution").Matches(dom).Count);

            // throughput: ok/s of both steps and fail/s of publish; latency: p50, p75, p95, p99 of each step
            var series = Series().Matches(dom).Select(m => m.Groups["name"].Value).ToList();
            Assert.Equal(3 + (2 * 4), series.Count);
            Assert.Contains("publish fail/s", series);
            Assert.All(Points().Matches(dom), m => Assert.True(m.Groups["points"].Value.Split(' ').Length >= 5, "a point per interval"));
            Assert.True(Bars().Matches(dom).Count > 10, "distribution bars drawn");
            Assert.Contains("publish:p99&lt;1", dom, StringComparison.Ordinal);   // the thresholds table
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> DumpDomAsync(string path, string folder)
    {
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            // no network at all: the report must not need it
            "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
            "--user-data-dir=" + Path.Combine(folder, "profile"), "--dump-dom", new Uri(path).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish within 90 s\n{await stderr}");
        }

        var dom = await stdout;
        Assert.True(process.ExitCode == 0 && dom.Length > 0, $"chromium exited {process.ExitCode}\n{await stderr}");
        return dom;
    }

    private static Regex Chart(string kind) => new($"<svg[^>]*data-chart=\"{kind}\"", RegexOptions.CultureInvariant);

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex BodyTag();

    [GeneratedRegex("<polyline[^>]*data-series=\"(?<name>[^\"]+)\"")]
    private static partial Regex Series();

    [GeneratedRegex("<polyline points=\"(?<points>[^\"]*)\"")]
    private static partial Regex Points();

    [GeneratedRegex("<rect[^>]*class=\"bar\"")]
    private static partial Regex Bars();
}
