namespace Broker.Topics;

/// <summary>A session attached to a topic, with its user's membership for cheap access checks during fan-out.</summary>
internal sealed record Attachment(ISubscriber Session, Member Member);
