using Broker.Options;
using Broker.Protocol.Server;
using Broker.Storage;
using Microsoft.Extensions.Options;

namespace Broker.Auth;

/// <summary>
/// What a client may do with tags, as Tinode 0.25: tags in restricted namespaces (confirmed credentials) are
/// the server's to add and remove; a tag in the alias namespace is unique (one per owner, one owner per alias).
/// </summary>
internal sealed class TagPolicy(IOptions<SearchOptions> search, IOptions<BrokerOptions> broker, IOptions<AuthOptions> auth)
{
    private readonly HashSet<string> restricted = new(
        auth.Value.Basic.AddToTags ? [.. search.Value.EffectiveRestrictedNamespaces, BasicLogin.TagNamespace] : search.Value.EffectiveRestrictedNamespaces,
        StringComparer.Ordinal);

    private readonly int minLoginLength = auth.Value.MinLoginLength;

    /// <summary><c>Auth:Basic:AddToTags</c>: accounts hold <c>basic:&lt;login&gt;</c> and plain terms also search it.</summary>
    public bool AddsLoginTags { get; } = auth.Value.Basic.AddToTags;

    public SearchOptions Search { get; } = search.Value;

    public int MaxTagCount { get; } = broker.Value.MaxTagCount;

    /// <summary>The alias namespace, or null when there is none.</summary>
    public string? AliasNamespace => string.IsNullOrEmpty(Search.AliasNamespace) ? null : Search.AliasNamespace;

    /// <summary>
    /// A new account's tags: <paramref name="tags"/> and, with <see cref="AddsLoginTags"/>, its login's tag, which
    /// takes the last place when the tags already fill <see cref="MaxTagCount"/>.
    /// </summary>
    public List<string> WithLoginTag(List<string> tags, string login)
    {
        var tag = BasicLogin.Tag(login);
        if (!AddsLoginTags || tags.Contains(tag, StringComparer.Ordinal))
        {
            return tags;
        }

        return [.. tags.Take(MaxTagCount - 1), tag];
    }

    /// <summary>The login tag a plain search term stands for (Tinode's basic authenticator's <c>AsTag</c>), or null.</summary>
    public string? LoginTagFor(string term) =>
        AddsLoginTags && BasicLogin.IsAcceptable(term, minLoginLength) ? BasicLogin.Tag(term) : null;

    public bool IsRestricted(string tag) => TagRules.NamespaceOf(tag) is { } ns && restricted.Contains(ns);

    /// <summary>False when <paramref name="tags"/> (being set at creation, e.g. by {acc} or a new group) hold a restricted tag: 403.</summary>
    public bool MayAssign(IEnumerable<string> tags) => !tags.Any(IsRestricted);

    /// <summary>
    /// Checks <paramref name="requested"/> replacing <paramref name="current"/> ({set tags}): 200 with the tags to
    /// store, 304 when nothing changes, else the refusal: 400
    /// for an invalid tag, two aliases or an alias someone else holds; 403 when a restricted tag is added or removed.
    /// </summary>
    public async Task<TagChange> EvaluateAsync(IReadOnlyList<string> current, IEnumerable<string> requested, ITagIndex index, CancellationToken cancellationToken)
    {
        if (!TagRules.TryNormalize(requested, MaxTagCount, out var normalized))
        {
            return TagChange.Refused(CtrlCode.Malformed);
        }

        var restrictedBefore = current.Where(IsRestricted).Order(StringComparer.Ordinal);
        var restrictedAfter = normalized.Where(IsRestricted).Order(StringComparer.Ordinal);
        if (!restrictedBefore.SequenceEqual(restrictedAfter, StringComparer.Ordinal))
        {
            return TagChange.Refused(CtrlCode.PermissionDenied);
        }

        var added = normalized.Where(t => !current.Contains(t, StringComparer.Ordinal)).ToList();
        var removed = current.Count(t => !normalized.Contains(t, StringComparer.Ordinal));
        if (AliasNamespace is { } alias)
        {
            if (normalized.Count(t => TagRules.NamespaceOf(t) == alias) > 1)
            {
                return TagChange.Refused(CtrlCode.Malformed);
            }

            foreach (var tag in added.Where(t => TagRules.NamespaceOf(t) == alias))
            {
                if (await index.FindOwnerAsync(tag, cancellationToken) is not null)
                {
                    return TagChange.Refused(CtrlCode.Malformed);
                }
            }
        }

        return added.Count == 0 && removed == 0
            ? new TagChange(CtrlCode.NotModified, normalized, 0, 0)
            : new TagChange(CtrlCode.Ok, normalized, added.Count, removed);
    }
}

/// <summary>The outcome of <see cref="TagPolicy.EvaluateAsync"/>: 200 (store <c>Tags</c>), 304, or a refusal.</summary>
internal sealed record TagChange(CtrlCode Code, IReadOnlyList<string> Tags, int Added, int Removed)
{
    public static TagChange Refused(CtrlCode code) => new(code, [], 0, 0);

    public CtrlParams? Params => Code == CtrlCode.Ok
        ? new CtrlParams { Added = Added > 0 ? Added : null, Removed = Removed > 0 ? Removed : null }
        : null;
}
