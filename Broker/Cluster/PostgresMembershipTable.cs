using Broker.Storage.Postgres.Membership;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Broker.Cluster;

/// <summary>
/// Orleans' membership-table extension point over the broker's PostgreSQL database: the silo reads and writes its
/// cluster's membership through this, and nothing else (no other server to run). The semantics Orleans relies on
/// (version and etags compared and bumped atomically, a blind heartbeat) live in <see cref="PostgresMembershipStore"/>.
/// </summary>
internal sealed class PostgresMembershipTable(PostgresMembershipStore store, IOptions<ClusterOptions> cluster) : IMembershipTable
{
    private readonly string clusterId = cluster.Value.ClusterId;

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    /// <summary>Every silo may create the version row: the insert is idempotent, so <paramref name="tryInitTableVersion"/> changes nothing.</summary>
    public Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken) =>
        store.InitializeAsync(clusterId, cancellationToken);

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken) =>
        store.DeleteClusterAsync(clusterId, cancellationToken);

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken) =>
        store.DeleteDefunctAsync(clusterId, beforeDate.ToUnixTimeMilliseconds(), (int)SiloStatus.Active, cancellationToken);

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    public async Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken)
    {
        var snapshot = await store.ReadOneAsync(clusterId, key.Endpoint.Address.ToString(), key.Endpoint.Port, key.Generation, cancellationToken).ConfigureAwait(false);
        var version = MembershipEntryMapping.ToTableVersion(snapshot);
        return snapshot.Silos.Count == 0
            ? new MembershipTableData(version)
            : new MembershipTableData(MembershipEntryMapping.ToEntry(snapshot.Silos[0]), version);
    }

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        var snapshot = await store.ReadAllAsync(clusterId, cancellationToken).ConfigureAwait(false);
        return new MembershipTableData([.. snapshot.Silos.Select(MembershipEntryMapping.ToEntry)], MembershipEntryMapping.ToTableVersion(snapshot));
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        if (!MembershipEntryMapping.TryParseEtag(tableVersion.VersionEtag, out var versionEtag))
        {
            return Task.FromResult(false);
        }

        return store.InsertAsync(clusterId, MembershipEntryMapping.ToRow(entry), tableVersion.Version, versionEtag, cancellationToken);
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        if (!MembershipEntryMapping.TryParseEtag(etag, out var rowEtag) || !MembershipEntryMapping.TryParseEtag(tableVersion.VersionEtag, out var versionEtag))
        {
            return Task.FromResult(false);
        }

        return store.UpdateAsync(clusterId, MembershipEntryMapping.ToRow(entry), rowEtag, tableVersion.Version, versionEtag, cancellationToken);
    }

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var silo = entry.SiloAddress;
        return store.UpdateIAmAliveAsync(clusterId, silo.Endpoint.Address.ToString(), silo.Endpoint.Port, silo.Generation, MembershipEntryMapping.ToMs(entry.IAmAliveTime), cancellationToken);
    }
}
