using Broker.Storage;
using Broker.Topics;

namespace Broker.Events;

/// <summary>
/// What topics report for outside consumers (webhooks). Called on a topic's loop: an implementation must only queue,
/// never block or do I/O.
/// </summary>
internal interface IBrokerEvents
{
    /// <summary>A message was stored with <paramref name="seq"/>; <paramref name="members"/> are the topic's subscriptions.</summary>
    void MessagePublished(string topic, long seq, MessageDraft message, IEnumerable<Member> members);

    /// <summary>A subscription was created, its access changed, or it was removed (<paramref name="change"/>).</summary>
    void SubscriptionChanged(string topic, SubscriptionRecord subscription, string change);

    /// <summary>The topic was deleted, by <paramref name="by"/> or (null) by the admin API.</summary>
    void TopicDeleted(string topic, long? by);

    /// <summary>A user sent an abuse report to <c>sys</c>; it is stored as <paramref name="report"/>.</summary>
    void ReportCreated(ReportRecord report);
}
