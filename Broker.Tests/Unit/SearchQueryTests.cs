using Broker.Auth;
using Broker.Options;
using Broker.Topics;

namespace Broker.Tests.Unit;

/// <summary>The fnd query parser splits terms exactly as Tinode 0.25's parseSearchQuery, and terms become tag searches as its rewriteTag.</summary>
public sealed class SearchQueryTests
{
    private static (string[] And, string[] Or) Parse(string query)
    {
        Assert.True(SearchQuery.TryParse(query, out var parsed, out var error), error);
        return ([.. parsed.And], [.. parsed.Or]);
    }

    [Theory]
    [InlineData("alice", new[] { "alice" }, new string[0])]
    [InlineData("a b", new[] { "a", "b" }, new string[0])]
    [InlineData("  a \t  b  ", new[] { "a", "b" }, new string[0])]
    [InlineData("a,b", new string[0], new[] { "a", "b" })]
    [InlineData("a, b", new string[0], new[] { "a", "b" })]
    [InlineData("a ,b", new string[0], new[] { "a", "b" })]
    [InlineData("a b,c", new[] { "a" }, new[] { "b", "c" })]
    [InlineData("a,b c", new[] { "c" }, new[] { "a", "b" })]
    [InlineData("a b,c d", new[] { "a", "d" }, new[] { "b", "c" })]
    [InlineData(",a", new string[0], new[] { "a" })]
    [InlineData("a,", new string[0], new[] { "a" })]
    [InlineData("Alice BOB", new[] { "alice", "bob" }, new string[0])]
    [InlineData("\"new york\" travel", new[] { "new york", "travel" }, new string[0])]
    [InlineData("\"a,b\",c", new string[0], new[] { "a,b", "c" })]
    [InlineData("email:alice@example.com tel:+15550100", new[] { "email:alice@example.com", "tel:+15550100" }, new string[0])]
    [InlineData("Ünïcødé 東京", new[] { "ünïcødé", "東京" }, new string[0])]
    [InlineData("", new string[0], new string[0])]
    [InlineData("   ", new string[0], new string[0])]
    [InlineData("\"\"", new string[0], new string[0])]
    public void Terms_split_on_spaces_as_and_and_on_commas_as_or(string query, string[] and, string[] or)
    {
        var (actualAnd, actualOr) = Parse(query);

        Assert.Equal(and, actualAnd);
        Assert.Equal(or, actualOr);
    }

    [Theory]
    [InlineData("a,,b")]
    [InlineData("a, ,b")]
    [InlineData("a\"b\"")]
    [InlineData("\"open")]
    [InlineData("a \"open")]
    public void Malformed_queries_are_refused_as_Tinode_refuses_them(string query)
    {
        Assert.False(SearchQuery.TryParse(query, out _, out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("alias:bob", new[] { "alias:bob" })]
    [InlineData("alice@example.com", new[] { "alice@example.com", "email:alice@example.com" })]
    [InlineData("+15550100", new[] { "+15550100", "tel:+15550100" })]
    [InlineData("travel", new[] { "travel" })]
    [InlineData("x:y", new string[0])]
    [InlineData("no/slash", new string[0])]
    public void Terms_are_rewritten_as_tags(string term, string[] tags)
    {
        Assert.Equal(tags, SearchTerms.Rewrite(term));
    }

    [Theory]
    [InlineData("alice", new[] { "alice", "basic:alice" })]
    [InlineData("alice@example.com", new[] { "alice@example.com", "email:alice@example.com" })]
    [InlineData("basic:alice", new[] { "basic:alice" })]
    [InlineData("a", new[] { "a" })]
    [InlineData("no#login", new[] { "no#login" })]
    public void A_plain_term_that_could_be_a_login_also_looks_for_its_login_tag(string term, string[] tags)
    {
        var policy = new TagPolicy(
            Microsoft.Extensions.Options.Options.Create(new SearchOptions()),
            Microsoft.Extensions.Options.Options.Create(new BrokerOptions()),
            Microsoft.Extensions.Options.Options.Create(new AuthOptions()));

        Assert.Equal(tags, SearchTerms.Rewrite(term, policy.LoginTagFor));
    }

    [Fact]
    public void Required_terms_become_groups_of_their_forms_and_invalid_ones_are_dropped()
    {
        Assert.True(SearchQuery.TryParse("alice@example.com x:y travel,+15550100", out var query, out _));

        var search = SearchTerms.ToSearch(query, caller: 7, aliasNamespace: "alias", limit: 10);

        Assert.Single(search.Required);
        Assert.Equal(["alice@example.com", "email:alice@example.com"], search.Required[0]);
        Assert.Equal(["travel", "+15550100", "tel:+15550100"], search.Optional);
        Assert.Equal(7, search.ExcludeUser);
        Assert.Equal("alias", search.PreferredNamespace);
    }
}
