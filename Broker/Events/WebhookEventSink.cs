using System.Threading.Channels;
using Broker.Observability;
using Broker.Options;
using Broker.Presence;
using Broker.Protocol.Access;
using Broker.Protocol.Json;
using Broker.Protocol.Names;
using Broker.Storage;
using Broker.Topics;
using Microsoft.Extensions.Options;

namespace Broker.Events;

/// <summary>
/// Turns topic events into <see cref="BrokerEvent"/>s and queues them for <see cref="WebhookDispatcher"/>. On the
/// topic's loop it only builds a small record and <c>TryWrite</c>s it: a full queue drops the event (logged and
/// counted), it never waits. Without receivers every call returns at once.
/// </summary>
internal sealed class WebhookEventSink : IBrokerEvents
{
    private readonly Channel<BrokerEvent> queue;
    private readonly PresenceRegistry presence;
    private readonly BrokerMetrics metrics;
    private readonly WebhookLog log;
    private readonly TimeProvider clock;
    private readonly bool published;
    private readonly bool offline;
    private readonly bool subscriptions;
    private readonly bool deletions;
    private readonly bool reports;

    public WebhookEventSink(IOptions<WebhookOptions> options, PresenceRegistry presence, BrokerMetrics metrics, WebhookLog log, TimeProvider clock)
    {
        var endpoints = options.Value.Endpoints;
        published = endpoints.Any(e => e.Wants("message.published"));
        offline = endpoints.Any(e => e.Wants("message.offline"));
        subscriptions = endpoints.Any(e => e.Wants("subscription.changed"));
        deletions = endpoints.Any(e => e.Wants("topic.deleted"));
        reports = endpoints.Any(e => e.Wants("report.created"));
        queue = Channel.CreateBounded<BrokerEvent>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        this.presence = presence;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
    }

    public ChannelReader<BrokerEvent> Reader => queue.Reader;

    public void MessagePublished(string topic, long seq, MessageDraft message, IEnumerable<Member> members)
    {
        if (published)
        {
            Enqueue(MessageEvent("message.published", topic, seq, message, null));
        }

        if (!offline)
        {
            return;
        }

        List<string>? away = null;
        foreach (var member in members)
        {
            if (member.IsActive && member.UserId != message.From && member.Mode.Has(AccessMode.Read) && !presence.IsOnline(member.UserId))
            {
                (away ??= []).Add(new UserId(member.UserId).ToString());
            }
        }

        if (away is not null)
        {
            Enqueue(MessageEvent("message.offline", topic, seq, message, away));
        }
    }

    public void SubscriptionChanged(string topic, SubscriptionRecord subscription, string change)
    {
        if (subscriptions)
        {
            Enqueue(new BrokerEvent
            {
                Id = NewId(),
                Event = "subscription.changed",
                Ts = Now(),
                Topic = topic,
                User = new UserId(subscription.UserId).ToString(),
                Change = change,
                Want = AccessModes.Format(subscription.Want),
                Given = AccessModes.Format(subscription.Given),
            });
        }
    }

    public void TopicDeleted(string topic, long? by)
    {
        if (deletions)
        {
            Enqueue(new BrokerEvent
            {
                Id = NewId(),
                Event = "topic.deleted",
                Ts = Now(),
                Topic = topic,
                From = by is { } actor ? new UserId(actor).ToString() : null,
            });
        }
    }

    public void ReportCreated(ReportRecord report)
    {
        if (reports)
        {
            Enqueue(new BrokerEvent
            {
                Id = NewId(),
                Event = "report.created",
                Ts = report.Created,
                Topic = "sys",
                Seq = report.Id,
                From = new UserId(report.Reporter).ToString(),
                Action = report.Action,
                Target = report.Target,
                Head = RawJson.From(report.Head),
                Content = new RawJson(report.Content),
            });
        }
    }

    private BrokerEvent MessageEvent(string name, string topic, long seq, MessageDraft message, List<string>? users) => new()
    {
        Id = NewId(),
        Event = name,
        Ts = message.Ts,
        Topic = topic,
        Seq = seq,
        From = message.From == 0 ? null : new UserId(message.From).ToString(),
        Head = RawJson.From(message.Head),
        Content = new RawJson(message.Content),
        Users = users,
    };

    private void Enqueue(BrokerEvent item)
    {
        if (!queue.Writer.TryWrite(item))
        {
            metrics.WebhookDropped("queue_full");
            log.QueueFull(item.Event, item.Topic);
        }
    }

    private DateTime Now() => TimestampConverter.Truncate(clock.GetUtcNow().UtcDateTime);

    private static string NewId() => Guid.NewGuid().ToString("N");
}
