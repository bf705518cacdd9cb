namespace Broker.Admin;

/// <summary>The delivery status now kept in an outbound emc message's head.</summary>
internal sealed record EmcStatusView(string Topic, long Seq, string Status);
