namespace Broker.Storage;

/// <summary>
/// A search of users and topics by their tags, as Tinode's <c>Find</c>: an owner is found when it holds at least one
/// tag of every <see cref="Required"/> group; each tag it holds from the search (required or optional) adds one to its
/// score, a tag in <see cref="PreferredNamespace"/> (the alias namespace) twenty. Users other than active ones and
/// <see cref="ExcludeUser"/> (the searcher) are never found.
/// </summary>
public sealed record TagSearch
{
    /// <summary>Groups of alternatives (a term and its rewritten forms): each group must be matched.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Required { get; init; } = [];

    public IReadOnlyList<string> Optional { get; init; } = [];

    /// <summary>A namespace such as <c>alias</c> whose tags weigh more than all other matches together; null for none.</summary>
    public string? PreferredNamespace { get; init; }

    public long ExcludeUser { get; init; }

    public required int Limit { get; init; }

    /// <summary>Score of one matched tag: 20 in the preferred namespace (at most 16 tags match otherwise), else 1.</summary>
    public int WeightOf(string tag) =>
        PreferredNamespace is { Length: > 0 } ns && tag.Length > ns.Length && tag[ns.Length] == ':'
            && tag.StartsWith(ns, StringComparison.Ordinal) ? 20 : 1;

    /// <summary>
    /// The search as rows of (tag, required group or null, weight): a tag in several groups has one row per group and
    /// its weight on the first row only, so that summing the weights of the rows an owner matches counts each tag once
    /// and counting the distinct groups tells whether every group is matched.
    /// </summary>
    public IReadOnlyList<TagSearchTerm> Terms()
    {
        var rows = new List<TagSearchTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var group = 0; group < Required.Count; group++)
        {
            foreach (var tag in Required[group].Distinct(StringComparer.Ordinal))
            {
                rows.Add(new TagSearchTerm(tag, group, seen.Add(tag) ? WeightOf(tag) : 0));
            }
        }

        foreach (var tag in Optional)
        {
            if (seen.Add(tag))
            {
                rows.Add(new TagSearchTerm(tag, null, WeightOf(tag)));
            }
        }

        return rows;
    }

    /// <summary>How many required groups have at least one term (an empty group cannot be matched and is ignored).</summary>
    public int RequiredGroupCount => Required.Count(g => g.Count > 0);
}

/// <summary>One row of <see cref="TagSearch.Terms"/>.</summary>
public sealed record TagSearchTerm(string Tag, int? Group, int Weight);
