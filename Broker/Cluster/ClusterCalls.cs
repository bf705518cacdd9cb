namespace Broker.Cluster;

/// <summary>
/// How long a call between nodes may take before it fails: Orleans' <c>ResponseTimeout</c> (default 30 s) is set
/// to this, and a client request whose call timed out is answered <c>{ctrl 504}</c>. Not a setting: issue 10 fixes
/// the cluster's keys to four.
/// </summary>
internal static class ClusterCalls
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Commands one session side may queue to one topic before new ones are answered 503.</summary>
    public const int SenderCapacity = 4096;

    /// <summary>
    /// Instructions one node may queue for another while its calls there fail; past it, new ones are dropped and
    /// logged. A node that takes nothing for this long is failing and about to be declared dead (which ends its
    /// sessions); the bound keeps its backlog from filling this node's memory meanwhile.
    /// </summary>
    public const int NodeOutboxCapacity = 100_000;

    /// <summary>A node's sender to a topic that carried nothing for this long is dropped.</summary>
    public static readonly TimeSpan SenderIdleTimeout = TimeSpan.FromMinutes(1);
}
