using System.Globalization;
using System.Text;

namespace Broker.Observability;

/// <summary>One labelled series: a value, or a histogram's bucket counts, sum and count.</summary>
internal sealed class PrometheusSeries(string labels, int bucketCount)
{
    private readonly long[] bucketCounts = new long[bucketCount];
    private readonly Lock gate = new();
    private double value;
    private double sum;
    private long count;

    public string Labels { get; } = labels;

    public double Value
    {
        get
        {
            lock (gate)
            {
                return value;
            }
        }
    }

    public void Add(double delta)
    {
        lock (gate)
        {
            value += delta;
        }
    }

    public void Set(double current)
    {
        lock (gate)
        {
            value = current;
        }
    }

    public void Observe(double observed, double[] bounds)
    {
        var index = Array.BinarySearch(bounds, observed);
        if (index < 0)
        {
            index = ~index;
        }

        lock (gate)
        {
            if (index < bucketCounts.Length)
            {
                bucketCounts[index]++;
            }

            sum += observed;
            count++;
        }
    }

    public void RenderHistogram(StringBuilder text, string name, double[] bounds)
    {
        long[] counts;
        double total;
        long observations;
        lock (gate)
        {
            counts = (long[])bucketCounts.Clone();
            total = sum;
            observations = count;
        }

        var prefix = Labels.Length > 0 ? Labels + "," : string.Empty;
        long cumulative = 0;
        for (var i = 0; i < bounds.Length; i++)
        {
            cumulative += counts[i];
            text.Append(name).Append("_bucket{").Append(prefix).Append("le=\"").Append(PrometheusText.FormatValue(bounds[i])).Append("\"} ")
                .Append(cumulative.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        text.Append(name).Append("_bucket{").Append(prefix).Append("le=\"+Inf\"} ").Append(observations.ToString(CultureInfo.InvariantCulture)).Append('\n');
        var labels = Labels.Length > 0 ? "{" + Labels + "}" : string.Empty;
        text.Append(name).Append("_sum").Append(labels).Append(' ').Append(PrometheusText.FormatValue(total)).Append('\n');
        text.Append(name).Append("_count").Append(labels).Append(' ').Append(observations.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
