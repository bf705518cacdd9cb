using System.Globalization;

namespace Broker.Tests.Observability;

/// <summary>What a Prometheus scraper reads from <c>/metrics</c>: samples by name and labels (text format 0.0.4).</summary>
internal sealed class ScrapeText
{
    private readonly List<(string Name, string Labels, double Value)> samples = [];

    public ScrapeText(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf('}') is var close and >= 0 ? close + 1 : line.IndexOf(' ', StringComparison.Ordinal);
            var name = brace >= 0 && brace < space ? line[..brace] : line[..space];
            var labels = brace >= 0 && brace < space ? line[(brace + 1)..(space - 1)] : string.Empty;
            var value = line[space..].Trim().Split(' ')[0];
            samples.Add((name, labels, double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
    }

    public IEnumerable<string> Names => samples.Select(s => s.Name).Distinct();

    public bool Has(string name) => samples.Any(s => s.Name == name);

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels contain <paramref name="label"/> (e.g. <c>type="pub"</c>).</summary>
    public double Value(string name, string? label = null)
    {
        var matching = samples.Where(s => s.Name == name && (label is null || s.Labels.Contains(label, StringComparison.Ordinal))).ToList();
        Assert.True(matching.Count == 1, $"expected one sample {name}{{{label}}}, found {matching.Count}");
        return matching[0].Value;
    }
}
