using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Broker.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Broker.Tests.Observability;

/// <summary>Metrics are process-wide (runtime, process, every broker's meter): these tests run alone.</summary>
[CollectionDefinition(nameof(ObservabilityEndpointTests), DisableParallelization = true)]
public sealed class ObservabilityCollection;

/// <summary>What a Prometheus scraper, an OTLP collector and a tracer see of the broker (OpenTelemetry SDK).</summary>
[Collection(nameof(ObservabilityEndpointTests))]
public sealed class ObservabilityEndpointTests
{
    [Fact]
    public async Task The_first_scrape_of_a_fresh_broker_has_the_broker_runtime_process_http_and_kestrel_series()
    {
        await using var broker = await TestBroker.StartAsync();

        var (type, scrape) = await ScrapeAsync(broker);

        Assert.Equal("text/plain", type);
        Assert.Equal(0, scrape.Value("broker_sessions"));
        Assert.Equal(0, scrape.Value("broker_messages_published_total"));
        Assert.Equal(0, scrape.Value("broker_frames_in_total", "type=\"pub\""));
        Assert.Equal(0, scrape.Value("broker_frames_out_total", "type=\"data\""));
        Assert.Equal(0, scrape.Value("broker_sessions_slow_consumers_total"));
        Assert.Equal(0, scrape.Value("broker_outbox_queued_bytes"));
        Assert.True(scrape.Value("broker_outbox_budget_bytes") > 0);
        Assert.True(scrape.Value("process_cpu_time_seconds_total", "cpu_mode=\"user\"") > 0);
        Assert.True(scrape.Value("process_memory_usage_bytes") > 0);
        Assert.True(scrape.Has("dotnet_gc_collections_total") || scrape.Has("dotnet_gc_heap_total_allocated_bytes_total"), "runtime metrics");
        Assert.True(scrape.Has("dotnet_thread_pool_thread_count_total"), "runtime metrics");
        Assert.True(scrape.Value("kestrel_active_connections") >= 1); // the scrape's own connection
        Assert.True(scrape.Has("http_server_active_requests"), "ASP.NET Core metrics");
    }

    [Fact]
    public async Task Metrics_count_sessions_frames_messages_errors_and_http_requests()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;
        await alice.PubAsync(group, "hello");
        await alice.ExpectDataAsync(group, 1);
        await alice.SubAsync("grpAAAAAAAAAAAA");
        await ScrapeAsync(broker);

        var (_, scrape) = await ScrapeAsync(broker);

        Assert.Equal(1, scrape.Value("broker_sessions"));
        Assert.Equal(1, scrape.Value("broker_frames_in_total", "type=\"pub\""));
        Assert.Equal(1, scrape.Value("broker_messages_published_total"));
        Assert.Equal(1, scrape.Value("broker_fanout_deliveries_total"));
        Assert.Equal(1, scrape.Value("broker_errors_total", "code=\"404\""));
        Assert.Equal(1, scrape.Value("broker_store_batch_size_count"));
        Assert.Equal(1, scrape.Value("broker_store_append_duration_seconds_count"));
        Assert.Equal(1, scrape.Value("broker_publish_duration_seconds_count"));
        Assert.InRange(scrape.Value("broker_topics_loaded"), 1, 2);
        Assert.True(scrape.Value("broker_frames_out_total", "type=\"data\"") >= 1);
        Assert.True(scrape.Value("http_server_request_duration_seconds_count", "http_route=\"/metrics\"") >= 1, "the first scrape was measured");
    }

    [Fact]
    public async Task Publish_subscribe_and_store_calls_are_traced_with_the_store_call_inside_the_publish()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Broker",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.UserAsync("alice");
        var group = await alice.CreateGroupAsync();
        await alice.PubAsync(group, "traced");

        var subscribe = Assert.Single(spans, s => s.OperationName == "subscribe" && (string?)s.GetTagItem("broker.topic") == group);
        var publish = Assert.Single(spans, s => s.OperationName == "publish" && (string?)s.GetTagItem("broker.topic") == group);
        Assert.Equal(1, publish.GetTagItem("broker.batch.size"));
        var append = Assert.Single(spans, s => s.OperationName == "store Messages.AppendFencedAsync" && s.ParentSpanId == publish.SpanId);
        Assert.Equal(publish.TraceId, append.TraceId);
        Assert.Contains(spans, s => s.OperationName.StartsWith("store Topics.", StringComparison.Ordinal) && s.TraceId == subscribe.TraceId);
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_configured_metrics_and_traces_are_exported_to_it()
    {
        var received = new ConcurrentQueue<string>();
        var collector = WebApplication.CreateBuilder();
        collector.WebHost.UseUrls("http://127.0.0.1:0");
        await using var otlp = collector.Build();
        otlp.MapPost("/v1/{signal}", (string signal) =>
        {
            received.Enqueue(signal);
            return Results.Ok();
        });
        await otlp.StartAsync(TestContext.Current.CancellationToken);

        var broker = await TestBroker.StartAsync(
            "--OpenTelemetry:Otlp:Endpoint=" + otlp.Urls.First(), "--OpenTelemetry:Otlp:Protocol=http/protobuf");
        await using (broker)
        {
            await using var alice = await broker.UserAsync("alice");
            var group = await alice.CreateGroupAsync();
            await alice.PubAsync(group, "exported");
        }

        // Stopping the broker flushes what the exporters hold.
        Assert.Contains("metrics", received);
        Assert.Contains("traces", received);
    }

    [Fact]
    public async Task Health_and_readiness_answer_healthy()
    {
        await using var broker = await TestBroker.StartAsync();
        using var http = new HttpClient { BaseAddress = broker.BaseUri };

        using var live = await http.GetAsync("/healthz", TestContext.Current.CancellationToken);
        using var ready = await http.GetAsync("/readyz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<(string? ContentType, ScrapeText Scrape)> ScrapeAsync(TestBroker broker)
    {
        using var http = new HttpClient { BaseAddress = broker.BaseUri };
        using var response = await http.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.Content.Headers.ContentType?.MediaType, new ScrapeText(text));
    }
}
