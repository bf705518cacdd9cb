using System.ComponentModel.DataAnnotations;

namespace Broker.Options;

/// <summary>Tag search (the <c>fnd</c> topic) and the tag namespaces users cannot set, bound from the <c>Search</c> section.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>The namespaces restricted when none are configured: those of confirmed credentials.</summary>
    public static readonly string[] DefaultRestrictedNamespaces = ["email", "tel"];

    /// <summary>Most terms one query may hold (after parsing, before email/phone rewriting); more answers 400.</summary>
    [Range(1, 256)]
    public int MaxTerms { get; set; } = 16;

    /// <summary>Most users and topics one search returns (Tinode's adapters cap at 1024 too).</summary>
    [Range(1, 100_000)]
    public int MaxResults { get; set; } = 1024;

    /// <summary>
    /// The namespace of unique aliases (<c>alias:bob</c>): one holder each, matches ranked first. Empty: no alias
    /// namespace. Tinode's sample configuration's <c>alias_tag</c>.
    /// </summary>
    [RegularExpression(@"^([a-z][A-Za-z0-9_]{1,15})?$")]
    public string AliasNamespace { get; set; } = "alias";

    /// <summary>
    /// Namespaces clients cannot add or remove (only the server does, e.g. for confirmed credentials); empty means
    /// <see cref="DefaultRestrictedNamespaces"/>. The list replaces the default.
    /// </summary>
    public string[] RestrictedNamespaces { get; set; } = [];

    public IReadOnlyList<string> EffectiveRestrictedNamespaces => RestrictedNamespaces.Length > 0 ? RestrictedNamespaces : DefaultRestrictedNamespaces;
}
