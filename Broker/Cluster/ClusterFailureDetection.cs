using Orleans.Configuration;

namespace Broker.Cluster;

/// <summary>
/// Orleans' failure detection, tuned so that a node that dies without a word (kill -9, power loss) is declared
/// Dead well within 30 s and its topics move on (issue 10). Orleans' defaults (5 s probes, 3 misses, a 60 s table
/// refresh, adaptive probe timeouts up to 20 s) can take a minute or more. docs/cluster.md explains the values.
/// </summary>
internal static class ClusterFailureDetection
{
    /// <summary>Initial timeout and period of the probes each node sends to the nodes it monitors.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Caps Orleans' adaptive probe timeout (default 4 x <see cref="ProbeTimeout"/>) so a slow peer cannot stretch detection.</summary>
    public static readonly TimeSpan MaxProbeTimeout = TimeSpan.FromSeconds(4);

    /// <summary>Missed probes in a row before a node votes that a peer is dead.</summary>
    public const int MissedProbesLimit = 3;

    /// <summary>Votes that declare a node dead (Orleans lowers it to the number of live nodes that can vote).</summary>
    public const int VotesForDeathDeclaration = 2;

    /// <summary>A vote older than this no longer counts: a node suspected once and then fine is not killed later.</summary>
    public static readonly TimeSpan DeathVoteExpiration = TimeSpan.FromSeconds(30);

    /// <summary>How often each node rereads the table (gossip usually tells it sooner).</summary>
    public static readonly TimeSpan TableRefresh = TimeSpan.FromSeconds(5);

    /// <summary>How often each node writes its heartbeat (<c>i_am_alive</c>) into the table.</summary>
    public static readonly TimeSpan IAmAlivePublish = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Worst case from the last answered probe to Dead in the table: <see cref="MissedProbesLimit"/> probes of at most
    /// <see cref="MaxProbeTimeout"/>, then the second vote, which the other monitors cast within the same window.
    /// </summary>
    public static TimeSpan WorstCaseDetection => (MaxProbeTimeout * MissedProbesLimit) + TableRefresh;

    public static void Apply(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = ProbeTimeout;
        options.MaxProbeTimeout = MaxProbeTimeout;
        options.NumMissedProbesLimit = MissedProbesLimit;
        options.NumVotesForDeathDeclaration = VotesForDeathDeclaration;
        options.DeathVoteExpirationTimeout = DeathVoteExpiration;
        options.TableRefreshTimeout = TableRefresh;
        options.IAmAliveTablePublishTimeout = IAmAlivePublish;
    }
}
