namespace Broker.Topics;

/// <summary>
/// A message the gateway received (SMS, WhatsApp) for an emc topic: stored without a sender, <c>Head</c> already
/// carrying <c>emc</c>. A repeated <c>ExternalId</c> is stored once and answered with the first seq.
/// </summary>
internal sealed record AdminEmcInboundCommand(TopicTarget Target, string Head, string Content, string? ExternalId) : AdminCommand(Target);
