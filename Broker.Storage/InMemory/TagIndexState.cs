namespace Broker.Storage.InMemory;

/// <summary>The in-memory tag index: owners by tag, kept up to date by the user and topic stores under the state's lock.</summary>
internal sealed class TagIndexState
{
    public Dictionary<string, HashSet<long>> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, HashSet<string>> Topics { get; } = new(StringComparer.Ordinal);

    public void SetUser(long id, IReadOnlyList<string> before, IReadOnlyList<string> after) => Replace(Users, id, before, after);

    public void SetTopic(string name, IReadOnlyList<string> before, IReadOnlyList<string> after) => Replace(Topics, name, before, after);

    private static void Replace<T>(Dictionary<string, HashSet<T>> index, T owner, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        foreach (var tag in before)
        {
            if (index.TryGetValue(tag, out var owners) && owners.Remove(owner) && owners.Count == 0)
            {
                index.Remove(tag);
            }
        }

        foreach (var tag in after)
        {
            if (!index.TryGetValue(tag, out var owners))
            {
                index[tag] = owners = [];
            }

            owners.Add(owner);
        }
    }
}
