using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Broker.Bench.Load.Run;

/// <summary>Renders a <see cref="ProgressSnapshot"/>: a Spectre.Console table on a terminal, one plain line elsewhere.</summary>
internal static class ProgressView
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Line(ProgressSnapshot s)
    {
        var text = new StringBuilder();
        text.Append(Inv, $"[{s.Scenario} {s.Elapsed.TotalSeconds:0}s {s.Phase}]");
        foreach (var row in s.Rows)
        {
            text.Append(Inv, $" {row.Step} {row.OkPerSec:0}/s");
            if (row.FailPerSec > 0)
            {
                text.Append(Inv, $" fail {row.FailPerSec:0}/s");
            }

            if (row.P50 is { } p50 && row.P99 is { } p99)
            {
                text.Append(Inv, $" p50 {p50:0.00} p99 {p99:0.00} ms");
            }

            text.Append(';');
        }

        text.Append(Inv, $" errors {s.Errors}");
        if (s.Extra.Length > 0)
        {
            text.Append(' ').Append(s.Extra);
        }

        return text.ToString();
    }

    public static IRenderable Table(ProgressSnapshot s)
    {
        var table = new Table()
            .Title(Markup.Escape(string.Create(Inv, $"{s.Scenario} · {s.Elapsed:hh\\:mm\\:ss} · {s.Phase}")))
            .Caption(Markup.Escape(string.Create(Inv, $"errors {s.Errors}{(s.Extra.Length > 0 ? " · " + s.Extra : string.Empty)}")));
        table.AddColumn("step");
        foreach (var column in new[] { "ok/s", "fail/s", "p50 ms", "p99 ms", "ok", "fail" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in s.Rows)
        {
            table.AddRow(
                Markup.Escape(row.Step),
                row.OkPerSec.ToString("0", Inv),
                row.FailPerSec > 0 ? $"[red]{row.FailPerSec.ToString("0", Inv)}[/]" : "0",
                row.P50?.ToString("0.00", Inv) ?? "-",
                row.P99?.ToString("0.00", Inv) ?? "-",
                row.TotalOk.ToString(Inv),
                row.TotalFail > 0 ? $"[red]{row.TotalFail.ToString(Inv)}[/]" : "0");
        }

        return table;
    }
}
