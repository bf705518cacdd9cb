using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Broker.Bench.Load.Reporting;

/// <summary>Prints a run: a readable summary, then a Markdown header and row for BENCHMARKS.md; writes <c>--json</c>.</summary>
internal static class ReportWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void WriteSummary(TextWriter output, LoadResult r)
    {
        var s = new StringBuilder();
        s.AppendLine(Inv, $"== {r.Scenario} against {r.Target} ({r.Parameters}), shard {r.Shard}, run {r.RunId}");
        s.AppendLine(Inv, $"   measured {r.MeasuredSeconds:0.00} s, {r.Sessions} sessions, {r.Publishers} publishers");
        if (r.Connect is { } c)
        {
            s.AppendLine(Inv, $"   sessions  {c.Established}/{c.Attempted} established in {c.RampSeconds:0.00} s = {c.ConnectionsPerSec:0.0} conn/s, dropped while held {c.DroppedDuringHold}");
            s.AppendLine(Inv, $"   setup     {Latency(c.SetupLatency)} (connect, hi, login, sub me)");
            s.AppendLine(Inv, $"   failures  {Dict(c.Failures)}");
            s.AppendLine(Inv, $"   memory    RSS {Num(c.RssBeforeMb)} -> {Num(c.RssHeldMb)} MB = {Num(c.RssPerSessionKb)} KB per session");
        }

        if (r.History is { } h)
        {
            s.AppendLine(Inv, $"   setup     {h.Topics} topic(s) x {h.MessagesPerTopic} messages at {h.SetupPublishPerSec:0} msg/s");
            s.AppendLine(Inv, $"   pages     {h.Pages} ({h.PagesPerSec:0.0}/s), {h.MessagesPerSec:0} msg/s, {h.FullPasses} full passes, {h.Mismatches} mismatches");
            s.AppendLine(Inv, $"   page      {Latency(h.PageLatency)}");
            foreach (var sample in h.MismatchSamples)
            {
                s.AppendLine(Inv, $"   ! {sample}");
            }
        }

        if (r.Publishers > 0)
        {
            var target = r.TargetRate is { } t ? $"{t:0.#} msg/s" : "unthrottled";
            var behind = r.BehindAtEnd is { } end ? $", behind schedule {r.BehindAtStart} then {end} messages" : "";
            s.AppendLine(Inv, $"   publish   offered {r.OfferedPerSec:0.0}/s (target {target}), acked {r.AckedPerSec:0.0}/s, refused {r.Refused}{behind}");
            s.AppendLine(Inv, $"   delivered {r.DeliveredPerSec:0.0} msg/s");
            s.AppendLine(Inv, $"   ack       {Latency(r.AckLatency)}");
            s.AppendLine(Inv, $"   delivery  {Latency(r.DeliveryLatency)}");
            s.AppendLine(Inv, $"   loss      expected {r.ExpectedDeliveries}, received {r.ReceivedDeliveries}, lost {r.LostDeliveries}, excused (dropped sessions) {r.ExcusedDeliveries}, unacked-but-delivered {r.UnackedDelivered}, duplicates {r.Duplicates}");
            foreach (var sample in r.LossSamples)
            {
                s.AppendLine(Inv, $"   ! {sample}");
            }
        }

        if (r.Iterations is { } iterations)
        {
            s.AppendLine(Inv, $"   iterations {iterations} started, {r.FailedIterations} failed, {r.SkippedInjections} injections skipped");
        }

        foreach (var step in r.Steps)
        {
            s.AppendLine(Inv, $"   step {step.Name,-9} ok {step.Ok} ({step.OkPerSec:0.0}/s), fail {step.Fail} ({step.FailPercent:0.##} %), {Latency(step.Latency)}");
        }

        if (r.InfoFrames > 0 || r.NotesSent > 0)
        {
            s.AppendLine(Inv, $"   notes     sent {r.NotesSent}, info received {r.InfoFrames}, pres received {r.PresFrames}");
        }

        s.AppendLine(Inv, $"   errors    {Dict(r.Errors)}; dropped sessions {r.DroppedSessions}");
        s.AppendLine(Inv, $"   process   cpu {Pct(r.BrokerCpuPercent)}, rss {Num(r.BrokerRssMb)} MB (peak {Num(r.BrokerPeakRssMb)} MB); generator cpu {Pct(r.GeneratorCpuPercent)} — {r.ProcessNote}");
        if (r.AllocatedMbPerSec is { } allocated)
        {
            var perDelivery = r.DeliveredPerSec > 0 ? allocated * 1048576.0 / r.DeliveredPerSec : 0;
            s.AppendLine(Inv, $"   gc        this process allocated {allocated:0.00} MB/s ({perDelivery:0} B per delivery), collections gen0/1/2 {r.Collections}");
        }

        s.AppendLine(Inv, $"   machine   load average {Num(r.LoadAverage)} on {Environment.ProcessorCount} cores");
        foreach (var t in r.Thresholds)
        {
            s.AppendLine(Inv, $"   threshold {(t.Passed ? "met   " : "FAILED")} {t.Step}: {t.Description} ({t.Actual})");
        }

        s.AppendLine(!r.Passed ? $"   result    FAIL: {string.Join("; ", r.Failures)}"
            : !r.ThresholdsPassed ? $"   result    FAIL: thresholds not met: {string.Join("; ", r.Thresholds.Where(t => !t.Passed).Select(t => $"{t.Step}: {t.Description}"))}"
            : "   result    PASS");
        output.Write(s.ToString());
    }

    public static void WriteMarkdown(TextWriter output, LoadResult r)
    {
        var date = r.StartedUtc.ToString("yyyy-MM-dd", Inv);
        var label = Cell(r.Label ?? string.Empty);
        var parameters = Cell(r.Parameters);
        string header, row;
        if (r.History is null && r.Connect is null && r.Iterations is not null)
        {
            // defined scenarios: one row per step
            header = "| date | scenario | target | parameters | step | ok/s | fail % | p50 / p95 / p99 / max ms | thresholds | cpu % | rss MB | label |";
            var thresholds = r.Thresholds.Count == 0 ? "-" : $"{r.Thresholds.Count(t => t.Passed)}/{r.Thresholds.Count} met";
            output.WriteLine();
            output.WriteLine(header);
            output.WriteLine(Separator(header));
            foreach (var step in r.Steps)
            {
                var l = step.Latency;
                output.WriteLine($"| {date} | {r.Scenario} | {r.Target} | {parameters} | {Cell(step.Name)} | {step.OkPerSec:0.0} | {step.FailPercent:0.##} | {l?.P50:0.00} / {l?.P95:0.00} / {l?.P99:0.00} / {l?.Max:0.00} | {thresholds} | {Num(r.BrokerCpuPercent)} | {Num(r.BrokerRssMb)} | {label} |");
            }

            return;
        }

        if (r.Connect is { } c)
        {
            header = "| date | scenario | target | parameters | sessions | conn/s | failures | setup p50 / p99 ms | RSS/session KB | cpu % | rss MB | label |";
            row = $"| {date} | {r.Scenario} | {r.Target} | {parameters} | {c.Established} | {c.ConnectionsPerSec:0.0} | {c.Failures.Values.Sum()} | {c.SetupLatency?.P50:0.00} / {c.SetupLatency?.P99:0.00} | {Num(c.RssPerSessionKb)} | {Num(r.BrokerCpuPercent)} | {Num(r.BrokerRssMb)} | {label} |";
        }
        else if (r.History is { } h)
        {
            header = "| date | scenario | target | parameters | pages/s | msg/s | page p50 / p99 / max ms | mismatches | errors | cpu % | rss MB | label |";
            row = $"| {date} | {r.Scenario} | {r.Target} | {parameters} | {h.PagesPerSec:0.0} | {h.MessagesPerSec:0} | {h.PageLatency?.P50:0.00} / {h.PageLatency?.P99:0.00} / {h.PageLatency?.Max:0.00} | {h.Mismatches} | {r.Errors.Values.Sum()} | {Num(r.BrokerCpuPercent)} | {Num(r.BrokerRssMb)} | {label} |";
        }
        else
        {
            header = "| date | scenario | target | parameters | offered/s | acked/s | delivered/s | ack p50 / p99 ms | delivery p50 / p90 / p99 / p99.9 / max ms | lost | errors | cpu % | rss MB | label |";
            var d = r.DeliveryLatency;
            row = $"| {date} | {r.Scenario} | {r.Target} | {parameters} | {r.OfferedPerSec:0} | {r.AckedPerSec:0} | {r.DeliveredPerSec:0} | {r.AckLatency?.P50:0.00} / {r.AckLatency?.P99:0.00} | {d?.P50:0.00} / {d?.P90:0.00} / {d?.P99:0.00} / {d?.P999:0.00} / {d?.Max:0.00} | {r.LostDeliveries} | {r.Errors.Values.Sum()} | {Num(r.BrokerCpuPercent)} | {Num(r.BrokerRssMb)} | {label} |";
        }

        output.WriteLine();
        output.WriteLine(header);
        output.WriteLine(Separator(header));
        output.WriteLine(row);
    }

    public static async Task WriteJsonAsync(string path, LoadResult result, CancellationToken ct)
    {
        await using var file = File.Create(CreateFolderFor(path));
        await JsonSerializer.SerializeAsync(file, result, LoadJsonContext.Default.LoadResult, ct);
    }

    public static async Task WriteMarkdownFileAsync(string path, LoadResult result, CancellationToken ct)
    {
        var text = new StringWriter(Inv);
        WriteMarkdown(text, result);
        await File.WriteAllTextAsync(CreateFolderFor(path), text.ToString().TrimStart(), ct);
    }

    /// <summary>Creates the folder of <paramref name="path"/> and returns the path.</summary>
    internal static string CreateFolderFor(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        return path;
    }

    /// <summary>Text inside a Markdown table cell: pipes escaped, no line breaks.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Separator(string header) =>
        string.Concat(header.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(_ => "|---")) + "|";

    private static string Latency(LatencySummary? l) => l is null
        ? "no samples"
        : string.Create(Inv, $"p50 {l.P50:0.000} ms, p90 {l.P90:0.000}, p99 {l.P99:0.000}, p99.9 {l.P999:0.000}, max {l.Max:0.000} (n={l.Count})");

    private static string Pct(double? value) => value is { } v ? v.ToString("0.0", Inv) + " %" : "n/a";

    private static string Num(double? value) => value is { } v ? v.ToString("0.0", Inv) : "n/a";

    private static string Dict<TValue>(IEnumerable<KeyValuePair<string, TValue>> values)
    {
        var text = string.Join(", ", values.Select(kv => string.Create(Inv, $"{kv.Key}: {kv.Value}")));
        return text.Length == 0 ? "none" : text;
    }
}
