using Broker.Protocol.Access;

namespace Broker.Topics;

/// <summary>The access of emc topics: nobody joins by default; the user of their own topic, and agents of a group, get these.</summary>
internal static class EmcAccess
{
    /// <summary>The user in their own emc topic: join, read, write, presence, and hard-delete their external conversations.</summary>
    public const AccessMode Own = AccessMode.Join | AccessMode.Read | AccessMode.Write | AccessMode.Presence | AccessMode.Delete;

    /// <summary>An agent of an emc group, unless the server API gives another mode.</summary>
    public const AccessMode Agent = AccessMode.Join | AccessMode.Read | AccessMode.Write | AccessMode.Presence;
}
