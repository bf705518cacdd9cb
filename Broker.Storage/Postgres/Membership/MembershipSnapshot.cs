namespace Broker.Storage.Postgres.Membership;

/// <summary>
/// What one read of a cluster's membership returns, read in one statement (one snapshot): the table version and
/// its etag, and the silo rows asked for.
/// </summary>
internal sealed record MembershipSnapshot(int Version, long VersionEtag, IReadOnlyList<MembershipRow> Silos);
