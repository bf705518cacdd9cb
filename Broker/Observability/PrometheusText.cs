using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Broker.Observability;

/// <summary>Naming and escaping rules of the Prometheus text exposition format.</summary>
internal static class PrometheusText
{
    public static string MetricName(Instrument instrument)
    {
        var name = new StringBuilder(instrument.Name.Length + 8);
        foreach (var c in instrument.Name)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        if (instrument.Unit == "s")
        {
            name.Append("_seconds");
        }

        return name.ToString();
    }

    public static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    public static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
