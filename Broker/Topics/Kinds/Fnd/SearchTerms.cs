using Broker.Auth;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// From a parsed query to the tag search, as Tinode's <c>rewriteTag</c>: a prefixed term is kept as it is; an
/// address or phone number also looks for its <c>email:</c> or <c>tel:</c> tag; a term that is no valid tag is dropped.
/// Each required term becomes a group of its forms (any one matches), the optional terms one flat list.
/// </summary>
internal static class SearchTerms
{
    public static TagSearch ToSearch(SearchQuery query, long caller, string? aliasNamespace, int limit) => new()
    {
        Required = [.. query.And.Select(Rewrite).Where(forms => forms.Count > 0)],
        Optional = [.. query.Or.SelectMany(Rewrite)],
        PreferredNamespace = aliasNamespace,
        ExcludeUser = caller,
        Limit = limit,
    };

    /// <summary>The tags a term stands for: itself and, for an address or number, its credential tag; none when it is no tag.</summary>
    public static IReadOnlyList<string> Rewrite(string term)
    {
        if (TagRules.IsPrefixed(term))
        {
            return [term];
        }

        if (CredentialMethods.TryNormalize(CredentialMethods.Email, term, out var email))
        {
            return [term, CredentialMethods.Tag(CredentialMethods.Email, email)];
        }

        if (CredentialMethods.TryNormalize(CredentialMethods.Tel, term, out var tel))
        {
            return [term, CredentialMethods.Tag(CredentialMethods.Tel, tel)];
        }

        return TagRules.IsSearchable(term) ? [term] : [];
    }
}
