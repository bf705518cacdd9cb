using Dapper;

namespace Broker.Storage.Relational;

/// <summary>
/// Tag search on SQLite and PostgreSQL: the user_tags and topic_tags tables, looked up by tag. A searched tag with more
/// than <c>commonHolders</c> holders is common: a search with exactly one such tag reads only the first results' worth
/// of its holders (<see cref="CommonQueries.FindByTermsWithCommonTag"/>) instead of scoring them all.
/// </summary>
internal sealed class RelationalTagIndex(IRelationalDatabase database, TagQueries queries, int commonHolders = RelationalTagIndex.DefaultCommonHolders) : ITagIndex
{
    /// <summary>Scoring every holder of a tag this common costs about a millisecond on SQLite.</summary>
    public const int DefaultCommonHolders = 1000;

    public async Task<IReadOnlyList<TagMatch>> FindAsync(TagSearch search, CancellationToken cancellationToken)
    {
        var terms = search.Terms();
        if (terms.Count == 0 || search.Limit <= 0)
        {
            return [];
        }

        var termsJson = TagTermsJson.Serialize(terms);
        var rows = await database.ReadAsync(
            async connection =>
            {
                var common = (await connection.QueryAsync<string>(new CommandDefinition(
                    queries.FindCommonTags, new { Terms = termsJson, Cap = commonHolders }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
                if (common.Count != 1)
                {
                    // None: every list is short. Several: their holders must be intersected and scored together.
                    return await connection.QueryAsync<TagMatchRow>(new CommandDefinition(
                        queries.Find,
                        new { Terms = termsJson, Groups = search.RequiredGroupCount, Caller = search.ExcludeUser, Limit = search.Limit },
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                var tag = common[0];
                var covered = terms.Where(t => t.Tag == tag && t.Group is not null).Select(t => t.Group).Distinct().Count();
                return await connection.QueryAsync<TagMatchRow>(new CommandDefinition(
                    queries.FindWithCommonTag,
                    new
                    {
                        Terms = termsJson,
                        Groups = search.RequiredGroupCount,
                        Caller = search.ExcludeUser,
                        Limit = search.Limit,
                        Common = tag,
                        CommonWeight = search.WeightOf(tag),
                        CommonAlone = covered == search.RequiredGroupCount ? 1 : 0,
                    },
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
            },
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
