using System.Globalization;

namespace Broker.Cluster;

/// <summary>
/// The votes against a silo as one text column: <c>silo/unix-ms</c> pairs joined by <c>|</c>, where <c>silo</c> is
/// Orleans' parsable silo address (<c>ip:port@generation</c>). Stored as text because nothing queries into it.
/// </summary>
internal static class SuspectTimesFormat
{
    public static string? Format(List<Tuple<SiloAddress, DateTime>>? votes)
    {
        if (votes is null || votes.Count == 0)
        {
            return null;
        }

        return string.Join('|', votes.Select(vote => vote.Item1.ToParsableString() + "/" + MembershipEntryMapping.ToMs(vote.Item2).ToString(CultureInfo.InvariantCulture)));
    }

    public static List<Tuple<SiloAddress, DateTime>>? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var votes = new List<Tuple<SiloAddress, DateTime>>();
        foreach (var pair in text.Split('|'))
        {
            var slash = pair.LastIndexOf('/');
            var silo = SiloAddress.FromParsableString(pair[..slash]);
            var at = MembershipEntryMapping.FromMs(long.Parse(pair.AsSpan(slash + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
            votes.Add(Tuple.Create(silo, at));
        }

        return votes;
    }

    public static long? Latest(List<Tuple<SiloAddress, DateTime>>? votes) =>
        votes is null || votes.Count == 0 ? null : votes.Max(vote => MembershipEntryMapping.ToMs(vote.Item2));
}
