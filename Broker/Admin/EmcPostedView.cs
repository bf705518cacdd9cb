namespace Broker.Admin;

/// <summary>An inbound emc message as stored: its topic and seq; <c>Duplicate</c> when its external id was seen before (then <c>Ts</c> is absent).</summary>
internal sealed record EmcPostedView(string Topic, long Seq, DateTime? Ts, bool Duplicate);
