using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Broker.Observability;

/// <summary>
/// Aggregates one meter's measurements with a <see cref="MeterListener"/> and renders them in the Prometheus text
/// exposition format (version 0.0.4). OpenTelemetry's Prometheus exporter is not available to this project, so this
/// small, dependency-free exposition is written by hand: counters become <c>_total</c> counters, up-down counters
/// and gauges become gauges, histograms become cumulative <c>_bucket</c>/<c>_sum</c>/<c>_count</c> series.
/// Instrument names have dots replaced by underscores, and the unit <c>s</c> adds <c>_seconds</c>.
/// </summary>
internal sealed class PrometheusCollector : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<Instrument, PrometheusInstrumentState> states = new();
    private readonly Meter meter;

    public PrometheusCollector(Meter meter)
    {
        this.meter = meter;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, this.meter))
            {
                var state = states.GetOrAdd(instrument, static i => new PrometheusInstrumentState(i));
                l.EnableMeasurementEvents(instrument, state);
            }
        };
        listener.SetMeasurementEventCallback<long>(static (instrument, value, tags, state) => ((PrometheusInstrumentState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<int>(static (instrument, value, tags, state) => ((PrometheusInstrumentState)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<double>(static (instrument, value, tags, state) => ((PrometheusInstrumentState)state!).Record(value, tags));
        listener.Start();
    }

    /// <summary>Reads the observable instruments and renders every instrument of the meter.</summary>
    public string Render()
    {
        listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var state in states.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal))
        {
            state.Render(text);
        }

        return text.ToString();
    }

    public void Dispose() => listener.Dispose();
}
