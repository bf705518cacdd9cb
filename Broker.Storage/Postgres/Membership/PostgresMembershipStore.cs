using System.Data;
using Dapper;
using Npgsql;

namespace Broker.Storage.Postgres.Membership;

/// <summary>
/// Orleans' cluster membership table over the broker's PostgreSQL database, one instance per silo. It owns a data
/// source of its own, so heartbeats and votes are not queued behind message traffic in the store's pool.
/// Inserts and updates compare the table etag the caller read and bump it in the same transaction; a stale etag,
/// an existing row (insert) or a changed row etag (update) rolls everything back and answers false.
/// </summary>
internal sealed class PostgresMembershipStore(NpgsqlDataSource dataSource, PostgresStoreAdmin migrator) : IAsyncDisposable
{
    /// <summary>Applies the broker's migrations (idempotent, one node at a time) and creates the cluster's version row.</summary>
    public async Task InitializeAsync(string clusterId, CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken).ConfigureAwait(false);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(MembershipQueries.InsertVersion, new { ClusterId = clusterId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>The version and every silo row of the cluster, as of one moment.</summary>
    public Task<MembershipSnapshot> ReadAllAsync(string clusterId, CancellationToken cancellationToken) =>
        ReadAsync(MembershipQueries.SelectSilos, new { ClusterId = clusterId }, clusterId, cancellationToken);

    /// <summary>The version and the one row of a silo incarnation (none when it is not in the table), as of one moment.</summary>
    public Task<MembershipSnapshot> ReadOneAsync(string clusterId, string address, int port, int generation, CancellationToken cancellationToken) =>
        ReadAsync(MembershipQueries.SelectSilo, new { ClusterId = clusterId, Address = address, Port = port, Generation = generation }, clusterId, cancellationToken);

    /// <summary>Adds a silo row and sets the table version, when <paramref name="expectedVersionEtag"/> is current and the row is new.</summary>
    public Task<bool> InsertAsync(string clusterId, MembershipRow row, int version, long expectedVersionEtag, CancellationToken cancellationToken) =>
        WriteAsync(
            clusterId,
            version,
            expectedVersionEtag,
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(MembershipQueries.InsertSilo, Parameters(clusterId, row, expectedRowEtag: null), transaction, cancellationToken: cancellationToken)),
            cancellationToken);

    /// <summary>Replaces a silo row and sets the table version, when both etags are the ones the caller read.</summary>
    public Task<bool> UpdateAsync(string clusterId, MembershipRow row, long expectedRowEtag, int version, long expectedVersionEtag, CancellationToken cancellationToken) =>
        WriteAsync(
            clusterId,
            version,
            expectedVersionEtag,
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(MembershipQueries.UpdateSilo, Parameters(clusterId, row, expectedRowEtag), transaction, cancellationToken: cancellationToken)),
            cancellationToken);

    /// <summary>Writes a silo's heartbeat in place, whatever the etags.</summary>
    public async Task UpdateIAmAliveAsync(string clusterId, string address, int port, int generation, long iAmAlive, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                MembershipQueries.UpdateIAmAlive,
                new { ClusterId = clusterId, Address = address, Port = port, Generation = generation, IAmAlive = iAmAlive },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the rows of silos other than <paramref name="activeStatus"/> last heard of before <paramref name="before"/> (unix ms).</summary>
    public async Task<int> DeleteDefunctAsync(string clusterId, long before, int activeStatus, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteAsync(new CommandDefinition(
                MembershipQueries.DeleteDefunctSilos,
                new { ClusterId = clusterId, Before = before, ActiveStatus = activeStatus },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets a whole cluster: its version row and every silo row.</summary>
    public async Task DeleteClusterAsync(string clusterId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(MembershipQueries.DeleteCluster, new { ClusterId = clusterId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the pool (the migrator shares it).</summary>
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private async Task<MembershipSnapshot> ReadAsync(string silosQuery, object parameters, string clusterId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Two statements, one snapshot: a repeatable-read transaction sees the version and the rows of one moment.
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var version = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(MembershipQueries.SelectVersion, new { ClusterId = clusterId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"cluster '{clusterId}' has no membership version row: initialize the table first");
                var silos = await connection.QueryAsync<MembershipRow>(new CommandDefinition(silosQuery, parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new MembershipSnapshot(version.Version, version.Etag, [.. silos]);
            }
        }
    }

    private async Task<bool> WriteAsync(string clusterId, int version, long expectedVersionEtag, Func<NpgsqlConnection, NpgsqlTransaction, Task<int>> writeRow, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var bumped = await connection.ExecuteAsync(new CommandDefinition(
                    MembershipQueries.BumpVersion,
                    new { ClusterId = clusterId, Version = version, ExpectedEtag = expectedVersionEtag },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (bumped != 1 || await writeRow(connection, transaction).ConfigureAwait(false) != 1)
                {
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    return false;
                }

                // Not cancellable: a commit cancelled midway would leave the caller unsure whether it happened.
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return true;
            }
        }
    }

    private static object Parameters(string clusterId, MembershipRow row, long? expectedRowEtag) => new
    {
        ClusterId = clusterId,
        row.Address,
        row.Port,
        row.Generation,
        row.SiloName,
        row.HostName,
        row.Status,
        row.ProxyPort,
        row.RoleName,
        row.UpdateZone,
        row.FaultZone,
        row.SuspectTimes,
        row.LastSuspected,
        row.StartTime,
        row.IAmAlive,
        ExpectedEtag = expectedRowEtag,
    };

    private sealed class VersionRow
    {
        public int Version { get; set; }
        public long Etag { get; set; }
    }
}
