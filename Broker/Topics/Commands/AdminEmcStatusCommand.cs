namespace Broker.Topics;

/// <summary>The gateway's delivery status of outbound message <c>Seq</c> (<c>delivered</c>, <c>failed</c>).</summary>
internal sealed record AdminEmcStatusCommand(TopicTarget Target, long Seq, string Status, string? Reason) : AdminCommand(Target);
