using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Broker.Observability;

/// <summary>The aggregated series of one instrument, keyed by tag values.</summary>
internal sealed class PrometheusInstrumentState
{
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly object NoTags = new();
    private readonly ConcurrentDictionary<object, PrometheusSeries> series = new();
    private readonly bool isHistogram;
    private readonly bool isObservable;
    private readonly double[] buckets;

    public PrometheusInstrumentState(Instrument instrument)
    {
        Instrument = instrument;
        var type = instrument.GetType();
        isHistogram = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Histogram<>);
        isObservable = instrument.IsObservable;
        buckets = instrument switch
        {
            Histogram<int> h when h.Advice?.HistogramBucketBoundaries is { } b => [.. b.Select(v => (double)v)],
            Histogram<long> h when h.Advice?.HistogramBucketBoundaries is { } b => [.. b.Select(v => (double)v)],
            Histogram<double> h when h.Advice?.HistogramBucketBoundaries is { } b => [.. b],
            _ => DefaultBuckets,
        };
    }

    public Instrument Instrument { get; }

    private string PromType =>
        isHistogram ? "histogram"
        : Instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal)
          || Instrument.GetType().Name.StartsWith("ObservableCounter", StringComparison.Ordinal) ? "counter"
        : "gauge";

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = KeyOf(tags);
        if (!series.TryGetValue(key, out var entry))
        {
            entry = series.GetOrAdd(key, new PrometheusSeries(Labels(tags), isHistogram ? buckets.Length : 0));
        }

        if (isHistogram)
        {
            entry.Observe(value, buckets);
        }
        else if (isObservable)
        {
            entry.Set(value);
        }
        else
        {
            entry.Add(value);
        }
    }

    public void Render(StringBuilder text)
    {
        var name = PrometheusText.MetricName(Instrument);
        var type = PromType;
        var exposed = type == "counter" ? name + "_total" : name;
        if (!string.IsNullOrEmpty(Instrument.Description))
        {
            text.Append("# HELP ").Append(exposed).Append(' ').Append(PrometheusText.EscapeHelp(Instrument.Description)).Append('\n');
        }

        text.Append("# TYPE ").Append(exposed).Append(' ').Append(type).Append('\n');
        foreach (var entry in series.Values.OrderBy(s => s.Labels, StringComparer.Ordinal))
        {
            if (isHistogram)
            {
                entry.RenderHistogram(text, name, buckets);
            }
            else
            {
                text.Append(exposed);
                if (entry.Labels.Length > 0)
                {
                    text.Append('{').Append(entry.Labels).Append('}');
                }

                text.Append(' ').Append(PrometheusText.FormatValue(entry.Value)).Append('\n');
            }
        }
    }

    /// <summary>A cheap key: no tags share one object, one tag uses its value, more tags a joined string.</summary>
    private static object KeyOf(ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length switch
    {
        0 => NoTags,
        1 => tags[0].Value ?? NoTags,
        _ => Labels(tags),
    };

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return string.Empty;
        }

        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var tag in sorted)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            var key = new string([.. tag.Key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
            var value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            text.Append(key).Append("=\"").Append(PrometheusText.EscapeLabel(value)).Append('"');
        }

        return text.ToString();
    }
}
