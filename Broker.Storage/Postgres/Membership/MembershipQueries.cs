namespace Broker.Storage.Postgres.Membership;

/// <summary>
/// Every SQL statement of the cluster membership table (tables from migration 0010). Written for this broker from
/// the contract of Orleans' <c>IMembershipTable</c>: inserts and updates run in one transaction with
/// <see cref="BumpVersion"/>, which succeeds only for the etag the writer read.
/// </summary>
internal static class MembershipQueries
{
    public const string InsertVersion = """
        INSERT INTO cluster_versions (cluster_id, version, etag) VALUES (@ClusterId, 0, 0)
        ON CONFLICT (cluster_id) DO NOTHING
        """;

    /// <summary>
    /// Takes the cluster's version row lock, so membership writes of one cluster run one at a time; a concurrent
    /// writer that read the same etag waits, then finds the etag changed and updates nothing.
    /// </summary>
    public const string BumpVersion = """
        UPDATE cluster_versions SET version = @Version, etag = etag + 1
        WHERE cluster_id = @ClusterId AND etag = @ExpectedEtag
        """;

    public const string InsertSilo = """
        INSERT INTO cluster_silos (cluster_id, address, port, generation, silo_name, host_name, status, proxy_port,
            role_name, update_zone, fault_zone, suspect_times, last_suspected, start_time, i_am_alive, etag)
        VALUES (@ClusterId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
            @RoleName, @UpdateZone, @FaultZone, @SuspectTimes, @LastSuspected, @StartTime, @IAmAlive, 0)
        ON CONFLICT (cluster_id, address, port, generation) DO NOTHING
        """;

    /// <summary>Replaces the row's contents when its etag is the one the writer read, and bumps that etag.</summary>
    public const string UpdateSilo = """
        UPDATE cluster_silos
        SET silo_name = @SiloName, host_name = @HostName, status = @Status, proxy_port = @ProxyPort,
            role_name = @RoleName, update_zone = @UpdateZone, fault_zone = @FaultZone, suspect_times = @SuspectTimes,
            last_suspected = @LastSuspected, start_time = @StartTime, i_am_alive = @IAmAlive, etag = etag + 1
        WHERE cluster_id = @ClusterId AND address = @Address AND port = @Port AND generation = @Generation
          AND etag = @ExpectedEtag
        """;

    /// <summary>The heartbeat: a blind write of one column that leaves both etags and the version alone.</summary>
    public const string UpdateIAmAlive = """
        UPDATE cluster_silos SET i_am_alive = @IAmAlive
        WHERE cluster_id = @ClusterId AND address = @Address AND port = @Port AND generation = @Generation
        """;

    public const string SelectVersion = "SELECT version AS Version, etag AS Etag FROM cluster_versions WHERE cluster_id = @ClusterId";

    private const string SiloColumns = """
        address AS Address, port AS Port, generation AS Generation, silo_name AS SiloName, host_name AS HostName,
        status AS Status, proxy_port AS ProxyPort, role_name AS RoleName, update_zone AS UpdateZone,
        fault_zone AS FaultZone, suspect_times AS SuspectTimes, last_suspected AS LastSuspected,
        start_time AS StartTime, i_am_alive AS IAmAlive, etag AS Etag
        """;

    public const string SelectSilos = "SELECT " + SiloColumns + " FROM cluster_silos WHERE cluster_id = @ClusterId";

    public const string SelectSilo = "SELECT " + SiloColumns + """
         FROM cluster_silos
        WHERE cluster_id = @ClusterId AND address = @Address AND port = @Port AND generation = @Generation
        """;

    /// <summary>Removes the rows of silos that are not active and were last heard of (start, heartbeat or a vote against them) before @Before.</summary>
    public const string DeleteDefunctSilos = """
        DELETE FROM cluster_silos
        WHERE cluster_id = @ClusterId AND status <> @ActiveStatus
          AND GREATEST(start_time, i_am_alive, COALESCE(last_suspected, 0)) < @Before
        """;

    /// <summary>The version row and, by cascade, every silo row of the cluster.</summary>
    public const string DeleteCluster = "DELETE FROM cluster_versions WHERE cluster_id = @ClusterId";
}
