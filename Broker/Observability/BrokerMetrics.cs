using System.Diagnostics.Metrics;
using Broker.Protocol.Client;
using Broker.Sessions;

namespace Broker.Observability;

/// <summary>
/// The broker's instruments, on the meter named <see cref="MeterName"/> (watch them with
/// <c>dotnet-counters monitor -n Broker --counters Broker</c>, scrape <c>/metrics</c>, or export them with OTLP). Hot paths add once per
/// batch or per message, never per byte; with no listener every call is a cheap no-op.
/// </summary>
internal sealed class BrokerMetrics
{
    public const string MeterName = "Broker";

    private static readonly string[] FrameKindNames = BuildFrameKindNames();
    private static readonly double[] SecondsBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private static readonly int[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    private readonly UpDownCounter<long> topicsLoaded;
    private readonly Counter<long> framesIn;
    private readonly Counter<long> framesOut;
    private readonly Counter<long> connectionWrites;
    private readonly Counter<long> messagesPublished;
    private readonly Counter<long> fanOutDeliveries;
    private readonly Counter<long> outboxDrops;
    private readonly Counter<long> slowConsumers;
    private readonly Histogram<int> storeBatchSize;
    private readonly Histogram<double> storeAppendDuration;
    private readonly Histogram<double> publishDuration;
    private readonly Counter<long> errors;
    private readonly Counter<long> webhookDeliveries;
    private readonly Counter<long> webhookDrops;
    private readonly Counter<long> clusterCalls;

    public BrokerMetrics(IMeterFactory meterFactory, SessionRegistry sessions, OutboxBudget outboxBudget)
    {
        Meter = meterFactory.Create(MeterName);
        Meter.CreateObservableGauge("broker.sessions", () => sessions.Count, "{session}", "Open WebSocket sessions");
        Meter.CreateObservableGauge("broker.outbox.queued", () => outboxBudget.Queued, "By", "Bytes queued in all outboxes (whole 4 KiB chunks per session)");
        Meter.CreateObservableGauge("broker.outbox.budget", () => outboxBudget.Limit, "By", "The process budget for all outboxes (Broker:OutboxBudgetBytes)");
        topicsLoaded = Meter.CreateUpDownCounter<long>("broker.topics.loaded", "{topic}", "Topic actors loaded in memory");
        framesIn = Meter.CreateCounter<long>("broker.frames.in", "{frame}", "Client frames received, by type");
        framesOut = Meter.CreateCounter<long>("broker.frames.out", "{frame}", "Server frames written to sockets, by type");
        connectionWrites = Meter.CreateCounter<long>("broker.connection.writes", "{write}", "Writes to client connections; frames out / writes is the batching per write");
        messagesPublished = Meter.CreateCounter<long>("broker.messages.published", "{message}", "Messages stored and fanned out");
        fanOutDeliveries = Meter.CreateCounter<long>("broker.fanout.deliveries", "{frame}", "{data} frames queued to attached sessions by fan-out");
        outboxDrops = Meter.CreateCounter<long>("broker.outbox.drops", "{frame}", "Frames dropped because a session's outbox was full");
        slowConsumers = Meter.CreateCounter<long>("broker.sessions.slow_consumers", "{session}", "Sessions closed because they could not keep up");
        storeBatchSize = Meter.CreateHistogram("broker.store.batch.size", "{message}", "Messages appended per store transaction",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
        storeAppendDuration = Meter.CreateHistogram("broker.store.append.duration", "s", "Time to append one batch to the store",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        publishDuration = Meter.CreateHistogram("broker.publish.duration", "s", "Time from receiving a {pub} to its ack",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        errors = Meter.CreateCounter<long>("broker.errors", "{reply}", "Error {ctrl} replies (4xx, 5xx), by code");
        webhookDeliveries = Meter.CreateCounter<long>("broker.webhooks.delivered", "{request}", "Webhook requests answered with success");
        clusterCalls = Meter.CreateCounter<long>("broker.cluster.calls", "{call}", "Grain calls this node made in a cluster, by kind (topic, topic_drain, delivery, user_deleted, admin_publish)");
        webhookDrops = Meter.CreateCounter<long>("broker.webhooks.dropped", "{event}", "Webhook events dropped, by reason (queue_full, failed)");
    }

    public Meter Meter { get; }

    /// <summary>Adds zero to every counter series known in advance, so that a scraper sees them from the first scrape.</summary>
    public void Publish()
    {
        foreach (var kind in FrameKindNames)
        {
            if (kind is not null)
            {
                framesIn.Add(0, new KeyValuePair<string, object?>("type", kind));
            }
        }

        foreach (var type in (string[])["ctrl", "data", "meta", "pres", "info", "raw"])
        {
            framesOut.Add(0, new KeyValuePair<string, object?>("type", type));
        }

        topicsLoaded.Add(0);
        connectionWrites.Add(0);
        messagesPublished.Add(0);
        fanOutDeliveries.Add(0);
        outboxDrops.Add(0);
        slowConsumers.Add(0);
        webhookDeliveries.Add(0);
        webhookDrops.Add(0, new KeyValuePair<string, object?>("reason", "queue_full"));
        webhookDrops.Add(0, new KeyValuePair<string, object?>("reason", "failed"));
    }

    public void TopicLoaded() => topicsLoaded.Add(1);

    public void TopicUnloaded() => topicsLoaded.Add(-1);

    public void FrameIn(ClientFrameKind kind) => framesIn.Add(1, new KeyValuePair<string, object?>("type", FrameKindNames[(int)kind]));

    /// <summary>Adds the frames of one written batch; <paramref name="type"/> is <c>ctrl</c>, <c>data</c>, ….</summary>
    public void FramesOut(string type, long count) => framesOut.Add(count, new KeyValuePair<string, object?>("type", type));

    public void Published(int count, TimeSpan appendDuration)
    {
        messagesPublished.Add(count);
        storeBatchSize.Record(count);
        storeAppendDuration.Record(appendDuration.TotalSeconds);
    }

    public void PublishAcked(TimeSpan sinceReceived) => publishDuration.Record(sinceReceived.TotalSeconds);

    public void Delivered(int count)
    {
        if (count > 0)
        {
            fanOutDeliveries.Add(count);
        }
    }

    public void ConnectionWrites(long count) => connectionWrites.Add(count);

    /// <summary>One grain call of a cluster node (<c>broker.cluster.calls</c>); <paramref name="kind"/> is a fixed name.</summary>
    public void ClusterCall(string kind) => clusterCalls.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void OutboxDrop() => outboxDrops.Add(1);

    public void SlowConsumer() => slowConsumers.Add(1);

    public void Error(int code) => errors.Add(1, new KeyValuePair<string, object?>("code", code));

    public void WebhookDelivered() => webhookDeliveries.Add(1);

    public void WebhookDropped(string reason) => webhookDrops.Add(1, new KeyValuePair<string, object?>("reason", reason));

    private static string[] BuildFrameKindNames()
    {
        var values = Enum.GetValues<ClientFrameKind>();
        var names = new string[values.Max(v => (int)v) + 1];
        foreach (var value in values)
        {
            names[(int)value] = value.ToString().ToLowerInvariant();
        }

        return names;
    }
}
