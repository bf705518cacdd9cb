using Broker.Protocol.Access;

namespace Broker.Topics;

/// <summary>Create a group (the target is a fresh <c>grp…</c> name) with its owner and members.</summary>
internal sealed record AdminCreateGroupCommand(
    TopicTarget Target,
    long Owner,
    string? Public,
    DefaultAccess Defaults,
    IReadOnlyList<string> Tags,
    IReadOnlyList<(long User, AccessMode Mode)> Members) : AdminCommand(Target);
