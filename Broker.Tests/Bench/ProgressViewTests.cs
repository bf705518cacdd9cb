using Broker.Bench.Load.Metrics;
using Broker.Bench.Load.Run;
using Spectre.Console;

namespace Broker.Tests.Bench;

public sealed class ProgressViewTests
{
    private static ProgressSnapshot Snapshot()
    {
        var ack = new StepStats("ack");
        var latency = Histograms.Create();
        latency.RecordValue(100);
        latency.RecordValue(200);
        ack.AddInterval(1, 1, 90, 0, latency, measured: true);
        ack.AddInterval(2, 1, 100, 3, latency, measured: true);
        return ProgressSnapshot.From("fanout", TimeSpan.FromSeconds(12), "inject 100/s 10s", [ack], errors: 3, extra: "in-flight 7");
    }

    [Fact]
    public void Plain_line_shows_elapsed_phase_rates_latency_and_errors()
    {
        Assert.Equal("[fanout 12s inject 100/s 10s] ack 100/s fail 3/s p50 0.10 p99 0.20 ms; errors 3 in-flight 7", ProgressView.Line(Snapshot()));
    }

    [Fact]
    public void Live_table_lists_each_step_with_its_totals()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 120;
        console.Write(ProgressView.Table(Snapshot()));
        var text = output.ToString();

        Assert.Contains("00:00:12", text, StringComparison.Ordinal);
        var row = text.Split('\n').Single(l => l.Contains("ack", StringComparison.Ordinal));
        Assert.Equal(["ack", "100", "3", "0.10", "0.20", "190", "3"], row.Split(['│', '|', ' '], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("errors 3", text, StringComparison.Ordinal);
    }
}
