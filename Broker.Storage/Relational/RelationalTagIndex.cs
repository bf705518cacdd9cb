using Dapper;

namespace Broker.Storage.Relational;

/// <summary>Tag search on SQLite and PostgreSQL: the user_tags and topic_tags tables, looked up by tag.</summary>
internal sealed class RelationalTagIndex(IRelationalDatabase database, TagQueries queries) : ITagIndex
{
    public async Task<IReadOnlyList<TagMatch>> FindAsync(TagSearch search, CancellationToken cancellationToken)
    {
        var terms = search.Terms();
        if (terms.Count == 0 || search.Limit <= 0)
        {
            return [];
        }

        var rows = await database.ReadAsync(
            connection => connection.QueryAsync<TagMatchRow>(new CommandDefinition(
                queries.Find,
                new { Terms = TagTermsJson.Serialize(terms), Groups = search.RequiredGroupCount, Caller = search.ExcludeUser, Limit = search.Limit },
                cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToMatch())];
    }

    public Task<TagOwner?> FindOwnerAsync(string tag, CancellationToken cancellationToken)
    {
        return database.ReadAsync(
            async connection =>
            {
                var row = await connection.QueryFirstOrDefaultAsync<TagMatchRow>(new CommandDefinition(
                    queries.FindOwner, new { Tag = tag }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return row is null ? (TagOwner?)null : new TagOwner(row.Kind == 0 ? row.UserId : 0, row.Kind == 0 ? null : row.Topic);
            },
            cancellationToken);
    }
}
