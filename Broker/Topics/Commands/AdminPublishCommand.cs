namespace Broker.Topics;

/// <summary>
/// Post a message as <c>From</c> (a member, or the configured system user), or as the system when 0: then the
/// <c>{data}</c> has no <c>from</c>. <c>Head</c> and <c>Content</c> are raw JSON.
/// </summary>
internal sealed record AdminPublishCommand(TopicTarget Target, long From, bool FromIsSystem, string? Head, string Content) : AdminCommand(Target);
