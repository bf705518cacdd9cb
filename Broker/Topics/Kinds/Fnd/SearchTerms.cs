using Broker.Auth;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>
/// From a parsed query to the tag search, as Tinode's <c>rewriteTag</c>: a prefixed term is kept as it is; an
/// address or phone number also looks for its <c>email:</c> or <c>tel:</c> tag, any other plain term that could be a
/// login for its <c>basic:</c> tag (when <c>Auth:Basic:AddToTags</c>); a term that is no valid tag is dropped.
/// Each required term becomes a group of its forms (any one matches), the optional terms one flat list.
/// </summary>
internal static class SearchTerms
{
    /// <summary>The search for <paramref name="query"/>; <paramref name="loginTagFor"/> gives the login tag a plain term stands for (<see cref="TagPolicy.LoginTagFor"/>), null for none.</summary>
    public static TagSearch ToSearch(SearchQuery query, long caller, string? aliasNamespace, int limit, Func<string, string?>? loginTagFor = null) => new()
    {
        Required = [.. query.And.Select(term => Rewrite(term, loginTagFor)).Where(forms => forms.Count > 0)],
        Optional = [.. query.Or.SelectMany(term => Rewrite(term, loginTagFor))],
        PreferredNamespace = aliasNamespace,
        ExcludeUser = caller,
        Limit = limit,
    };

    /// <summary>The tags a term stands for: itself and, for an address, number or login, its credential or login tag; none when it is no tag.</summary>
    public static IReadOnlyList<string> Rewrite(string term, Func<string, string?>? loginTagFor = null)
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

        if (!TagRules.IsSearchable(term))
        {
            return [];
        }

        return loginTagFor?.Invoke(term) is { } login ? [term, login] : [term];
    }
}
