using Broker.Protocol.Access;

namespace Broker.Topics;

/// <summary>
/// Add a member to a group with <c>Mode</c> (wanted and given), or change the access given to an existing member.
/// Null means the group's default access.
/// </summary>
internal sealed record AdminSetMemberCommand(TopicTarget Target, long User, AccessMode? Mode) : AdminCommand(Target);
