using System.Globalization;
using System.Net;
using Broker.Storage.Postgres.Membership;

namespace Broker.Cluster;

/// <summary>Orleans' membership entries to and from the storage layer's rows (which know nothing of Orleans).</summary>
internal static class MembershipEntryMapping
{
    public static MembershipRow ToRow(MembershipEntry entry) => new()
    {
        Address = entry.SiloAddress.Endpoint.Address.ToString(),
        Port = entry.SiloAddress.Endpoint.Port,
        Generation = entry.SiloAddress.Generation,
        SiloName = entry.SiloName ?? "",
        HostName = entry.HostName ?? "",
        Status = (int)entry.Status,
        ProxyPort = entry.ProxyPort,
        RoleName = entry.RoleName,
        UpdateZone = entry.UpdateZone,
        FaultZone = entry.FaultZone,
        SuspectTimes = SuspectTimesFormat.Format(entry.SuspectTimes),
        LastSuspected = SuspectTimesFormat.Latest(entry.SuspectTimes),
        StartTime = ToMs(entry.StartTime),
        IAmAlive = ToMs(entry.IAmAliveTime),
    };

    public static Tuple<MembershipEntry, string> ToEntry(MembershipRow row)
    {
        var entry = new MembershipEntry
        {
            SiloAddress = ToSiloAddress(row.Address, row.Port, row.Generation),
            SiloName = row.SiloName,
            HostName = row.HostName,
            Status = (SiloStatus)row.Status,
            ProxyPort = row.ProxyPort,
            RoleName = row.RoleName,
            UpdateZone = row.UpdateZone,
            FaultZone = row.FaultZone,
            SuspectTimes = SuspectTimesFormat.Parse(row.SuspectTimes),
            StartTime = FromMs(row.StartTime),
            IAmAliveTime = FromMs(row.IAmAlive),
        };
        return Tuple.Create(entry, FormatEtag(row.Etag));
    }

    public static TableVersion ToTableVersion(MembershipSnapshot snapshot) => new(snapshot.Version, FormatEtag(snapshot.VersionEtag));

    public static string FormatEtag(long etag) => etag.ToString(CultureInfo.InvariantCulture);

    /// <summary>Etags are ours (decimal counters); anything else cannot be current.</summary>
    public static bool TryParseEtag(string? etag, out long value) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static SiloAddress ToSiloAddress(string address, int port, int generation) =>
        SiloAddress.New(IPAddress.Parse(address), port, generation);

    public static long ToMs(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Local => value.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            _ => value,
        };
        return new DateTimeOffset(utc).ToUnixTimeMilliseconds();
    }

    public static DateTime FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
}
