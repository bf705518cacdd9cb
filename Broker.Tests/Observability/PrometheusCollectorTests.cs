using System.Diagnostics.Metrics;
using Broker.Observability;

namespace Broker.Tests.Observability;

public sealed class PrometheusCollectorTests
{
    [Fact]
    public void Counter_renders_help_type_total_and_sorted_escaped_labels()
    {
        using var meter = new Meter("Broker.Test.Counter");
        using var collector = new PrometheusCollector(meter);
        var counter = meter.CreateCounter<long>("broker.frames.in", "{frame}", "Client frames\nreceived");
        counter.Add(2, new KeyValuePair<string, object?>("type", "pub"));
        counter.Add(3, new KeyValuePair<string, object?>("type", "pub"));
        counter.Add(1, new KeyValuePair<string, object?>("type", "say \"hi\"\\"));
        counter.Add(4, new KeyValuePair<string, object?>("b", "2"), new KeyValuePair<string, object?>("a", "1"));

        var lines = collector.Render().Split('\n');

        Assert.Equal(
            [
                "# HELP broker_frames_in_total Client frames\\nreceived",
                "# TYPE broker_frames_in_total counter",
                "broker_frames_in_total{a=\"1\",b=\"2\"} 4",
                "broker_frames_in_total{type=\"pub\"} 5",
                "broker_frames_in_total{type=\"say \\\"hi\\\"\\\\\"} 1",
                string.Empty,
            ],
            lines);
    }

    [Fact]
    public void Gauges_up_down_counters_and_histograms_use_their_prometheus_types()
    {
        using var meter = new Meter("Broker.Test.Mixed");
        using var collector = new PrometheusCollector(meter);
        var current = 7;
        meter.CreateObservableGauge("broker.sessions", () => current, "{session}", "Open sessions");
        var loaded = meter.CreateUpDownCounter<long>("broker.topics.loaded");
        loaded.Add(3);
        loaded.Add(-1);
        var latency = meter.CreateHistogram("broker.store.append.duration", "s", "Append time",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.01, 0.1] });
        latency.Record(0.0005);
        latency.Record(0.001);
        latency.Record(0.05);
        latency.Record(3);

        var text = collector.Render();
        current = 9;
        var again = collector.Render();

        Assert.Contains("# TYPE broker_sessions gauge\nbroker_sessions 7\n", text);
        Assert.Contains("broker_sessions 9\n", again);
        Assert.Contains("# TYPE broker_topics_loaded gauge\nbroker_topics_loaded 2\n", text);
        Assert.Contains(
            "# HELP broker_store_append_duration_seconds Append time\n"
            + "# TYPE broker_store_append_duration_seconds histogram\n"
            + "broker_store_append_duration_seconds_bucket{le=\"0.001\"} 2\n"
            + "broker_store_append_duration_seconds_bucket{le=\"0.01\"} 2\n"
            + "broker_store_append_duration_seconds_bucket{le=\"0.1\"} 3\n"
            + "broker_store_append_duration_seconds_bucket{le=\"+Inf\"} 4\n"
            + "broker_store_append_duration_seconds_sum 3.0515\n"
            + "broker_store_append_duration_seconds_count 4\n",
            text);
    }

    [Fact]
    public void Only_the_given_meter_is_collected()
    {
        using var mine = new Meter("Broker.Test.Mine");
        using var other = new Meter("Broker.Test.Other");
        using var collector = new PrometheusCollector(mine);
        mine.CreateCounter<long>("mine.count").Add(1);
        other.CreateCounter<long>("other.count").Add(1);

        var text = collector.Render();

        Assert.Contains("mine_count_total 1", text);
        Assert.DoesNotContain("other_count", text);
    }
}
