using System.Net;
using Broker.Tests.Infrastructure;

namespace Broker.Tests.Observability;

public sealed class ObservabilityEndpointTests
{
    [Fact]
    public async Task Metrics_count_sessions_frames_messages_and_errors()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var alice = await broker.ConnectAsync();
        await alice.RegisterAsync("alice");
        var group = (await alice.SubAsync("new")).GetProperty("topic").GetString()!;
        await alice.PubAsync(group, "hello");
        await alice.ExpectDataAsync(group, 1);
        await alice.SubAsync("grpAAAAAAAAAAAA");
        using var http = new HttpClient { BaseAddress = broker.BaseUri };

        using var response = await http.GetAsync("/metrics", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("broker_sessions 1\n", text);
        Assert.Contains("broker_frames_in_total{type=\"pub\"} 1\n", text);
        Assert.Contains("broker_messages_published_total 1\n", text);
        Assert.Contains("broker_fanout_deliveries_total 1\n", text);
        Assert.Contains("broker_errors_total{code=\"404\"} 1\n", text);
        Assert.Contains("broker_store_batch_size_count 1\n", text);
        Assert.Contains("broker_store_append_duration_seconds_count 1\n", text);
        Assert.Matches(@"broker_topics_loaded [12]\n", text);
        Assert.Matches("broker_frames_out_total\\{type=\"data\"\\} [1-9]", text);
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
}
