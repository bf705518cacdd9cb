namespace Broker.Topics;

/// <summary>Remove a member from a group; their attached sessions are evicted.</summary>
internal sealed record AdminRemoveMemberCommand(TopicTarget Target, long User) : AdminCommand(Target);
