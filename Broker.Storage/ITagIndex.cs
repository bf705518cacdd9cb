namespace Broker.Storage;

/// <summary>
/// Users and topics by tag. Every backend keeps an index of the tags users and topics hold (updated with the user or
/// topic in the same transaction), so a search looks up its terms and never scans every user.
/// </summary>
public interface ITagIndex
{
    /// <summary>
    /// Owners matching <paramref name="search"/>: highest score first, then users before topics, then by id or name;
    /// at most <see cref="TagSearch.Limit"/>. Only active users (<see cref="UserState.Ok"/>) are found.
    /// </summary>
    Task<IReadOnlyList<TagMatch>> FindAsync(TagSearch search, CancellationToken cancellationToken);

    /// <summary>One user or topic holding exactly <paramref name="tag"/> (in any state), or null: for unique (alias) tags.</summary>
    Task<TagOwner?> FindOwnerAsync(string tag, CancellationToken cancellationToken);
}
