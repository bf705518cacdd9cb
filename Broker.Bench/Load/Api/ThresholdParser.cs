using System.Globalization;
using System.Text.RegularExpressions;
using Broker.Bench.Load.Reporting;

namespace Broker.Bench.Load.Api;

/// <summary>
/// <c>--threshold</c> on the command line: <c>[STEP:]METRIC OP VALUE</c>, e.g. <c>ack:p99&lt;50ms</c>,
/// <c>fail%&lt;1</c>, <c>delivery:ok/s&gt;=900</c>. Metrics: <c>p50 p75 p90 p95 p99 p99.9 max mean</c> (ms; a value may
/// end in <c>ms</c> or <c>s</c>), <c>fail%</c>, <c>ok</c>, <c>fail</c> (counts), <c>ok/s</c>, <c>fail/s</c>. Operators:
/// <c>&lt; &lt;= &gt; &gt;= ==</c>. Without a step it applies to all steps together.
/// </summary>
internal static partial class ThresholdParser
{
    public static bool TryParse(string text, out Threshold threshold, out string error)
    {
        threshold = null!;
        error = string.Empty;
        var m = Expression().Match(text.Trim());
        if (!m.Success)
        {
            error = $"--threshold '{text}' is not [STEP:]METRIC OP VALUE (e.g. ack:p99<50ms, fail%<1)";
            return false;
        }

        var metric = m.Groups["metric"].Value.ToLowerInvariant();
        var value = double.Parse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (m.Groups["unit"].Value == "s")
        {
            value *= 1000;
        }

        Func<StepReport, double?> read = metric switch
        {
            "p50" => s => s.Latency?.P50,
            "p75" => s => s.Latency?.P75,
            "p90" => s => s.Latency?.P90,
            "p95" => s => s.Latency?.P95,
            "p99" => s => s.Latency?.P99,
            "p99.9" or "p999" => s => s.Latency?.P999,
            "max" => s => s.Latency?.Max,
            "mean" => s => s.Latency?.Mean,
            "fail%" => s => s.FailPercent,
            "ok" => s => s.Ok,
            "fail" => s => s.Fail,
            "ok/s" => s => s.OkPerSec,
            "fail/s" => s => s.FailPerSec,
            _ => null!,
        };
        if (read is null)
        {
            error = $"--threshold '{text}': unknown metric '{metric}' (p50 p75 p90 p95 p99 p99.9 max mean fail% ok fail ok/s fail/s)";
            return false;
        }

        var op = m.Groups["op"].Value;
        Func<double, bool> compare = op switch
        {
            "<" => v => v < value,
            "<=" => v => v <= value,
            ">" => v => v > value,
            ">=" => v => v >= value,
            _ => v => Math.Abs(v - value) < 1e-9,
        };
        var description = text.Trim();
        bool Check(StepReport s) => read(s) is { } v && compare(v);
        threshold = m.Groups["step"].Success
            ? Threshold.Create(m.Groups["step"].Value.Trim(), Check, description)
            : Threshold.Create(Check, description);
        return true;
    }

    [GeneratedRegex(@"^(?:(?<step>[^:<>=]+):)?\s*(?<metric>p\d+(?:\.\d+)?|max|mean|fail%|ok/s|fail/s|ok|fail)\s*(?<op><=|>=|==|<|>)\s*(?<value>\d+(?:\.\d+)?)\s*(?<unit>ms|s|%)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Expression();
}
