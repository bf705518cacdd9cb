namespace Broker.Storage.Postgres.Membership;

/// <summary>
/// A <c>cluster_silos</c> row as Dapper reads and binds it: one incarnation of one silo. Times are UTC unix
/// milliseconds; <see cref="Status"/> is the integer value of Orleans' <c>SiloStatus</c>. The storage layer knows
/// nothing of Orleans: the host maps these rows to and from membership entries.
/// </summary>
internal sealed class MembershipRow
{
    public string Address { get; set; } = "";
    public int Port { get; set; }
    public int Generation { get; set; }
    public string SiloName { get; set; } = "";
    public string HostName { get; set; } = "";
    public int Status { get; set; }
    public int ProxyPort { get; set; }
    public string? RoleName { get; set; }
    public int UpdateZone { get; set; }
    public int FaultZone { get; set; }

    /// <summary>The suspecting silos' votes, encoded by the host; null when nobody suspects this silo.</summary>
    public string? SuspectTimes { get; set; }

    /// <summary>The latest vote among <see cref="SuspectTimes"/>: with <see cref="IAmAlive"/> it dates the row for clean-up.</summary>
    public long? LastSuspected { get; set; }

    public long StartTime { get; set; }
    public long IAmAlive { get; set; }

    /// <summary>Bumped by every successful update of the row, never by the heartbeat.</summary>
    public long Etag { get; set; }
}
