namespace Broker.Cluster;

internal enum NodeDeliveryKind
{
    /// <summary>Queue <c>Frame</c> to each session (skipping those attached to <c>Topic</c> when it is set).</summary>
    Frame = 0,

    /// <summary>The topic <c>Topic</c>, hosted on the sending node, attached the sessions.</summary>
    Attached = 1,

    /// <summary>The topic <c>Topic</c> detached the sessions.</summary>
    Detached = 2,

    /// <summary>Flush what is queued to the sessions, then close them (<c>Code</c>: WebSocket close status, <c>Text</c>: reason).</summary>
    Close = 3,

    /// <summary>The sessions of user <c>User</c> on <c>me</c> are now <c>Presence</c> (sent by the node hosting the user's me).</summary>
    Presence = 4,

    /// <summary>User <c>User</c>'s account was deleted on the sending node: evict the user's sessions here.</summary>
    UserGone = 5,

    /// <summary>The group <c>Topic</c>'s actor started on the sending node (<see cref="ClusterGroups"/>).</summary>
    GroupLoaded = 6,

    /// <summary>The group <c>Topic</c>'s actor unloaded on the sending node.</summary>
    GroupUnloaded = 7,
}
