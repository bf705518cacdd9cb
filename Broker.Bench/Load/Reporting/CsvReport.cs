using System.Globalization;
using System.Text;

namespace Broker.Bench.Load.Reporting;

/// <summary>
/// The steps as one CSV table in long form: a <c>total</c> row per step (the measured window) followed by its
/// <c>interval</c> rows (about one a second, <c>t_s</c> = end of the interval since traffic started).
/// Latencies in ms; empty when nothing was timed.
/// </summary>
internal static class CsvReport
{
    public const string Header = "scenario,step,kind,t_s,ok,fail,ok_per_s,fail_per_s,fail_percent,p50_ms,p75_ms,p95_ms,p99_ms,max_ms,mean_ms";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Format(LoadResult r)
    {
        var s = new StringBuilder();
        s.Append(Header).Append('\n');
        foreach (var step in r.Steps)
        {
            var l = step.Latency;
            Row(s, r.Scenario, step.Name, "total", null, step.Ok, step.Fail, step.OkPerSec, step.FailPerSec, step.FailPercent, l?.P50, l?.P75, l?.P95, l?.P99, l?.Max, l?.Mean);
            foreach (var p in step.Timeline)
            {
                var total = p.Ok + p.Fail;
                Row(s, r.Scenario, step.Name, "interval", p.T, p.Ok, p.Fail, p.OkPerSec, p.FailPerSec, total == 0 ? 0 : Math.Round(100.0 * p.Fail / total, 3), p.P50, p.P75, p.P95, p.P99, p.Max, null);
            }
        }

        return s.ToString();
    }

    public static Task WriteAsync(string path, LoadResult result, CancellationToken ct) =>
        File.WriteAllTextAsync(ReportWriter.CreateFolderFor(path), Format(result), ct);

    private static void Row(StringBuilder s, string scenario, string step, string kind, double? t, long ok, long fail, double okPerSec, double failPerSec,
        double failPercent, double? p50, double? p75, double? p95, double? p99, double? max, double? mean)
    {
        s.Append(Field(scenario)).Append(',').Append(Field(step)).Append(',').Append(kind).Append(',')
            .Append(Num(t)).Append(',').Append(ok.ToString(Inv)).Append(',').Append(fail.ToString(Inv)).Append(',')
            .Append(Num(okPerSec)).Append(',').Append(Num(failPerSec)).Append(',').Append(Num(failPercent)).Append(',')
            .Append(Num(p50)).Append(',').Append(Num(p75)).Append(',').Append(Num(p95)).Append(',').Append(Num(p99)).Append(',')
            .Append(Num(max)).Append(',').Append(Num(mean)).Append('\n');
    }

    private static string Num(double? value) => value is { } v ? v.ToString("0.###", Inv) : string.Empty;

    /// <summary>RFC 4180: quote fields with commas, quotes or line breaks.</summary>
    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
