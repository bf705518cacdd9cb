using Broker.Storage;

namespace Broker.Tests.Storage;

public abstract partial class StoreConformanceTests
{
    private static TagSearch Search(string[][] required, string[]? optional = null, long exclude = 0, int limit = 100, string? preferred = "alias") => new()
    {
        Required = [.. required.Select(g => (IReadOnlyList<string>)g)],
        Optional = optional ?? [],
        ExcludeUser = exclude,
        Limit = limit,
        PreferredNamespace = preferred,
    };

    private static string[] Found(IReadOnlyList<TagMatch> matches) => [.. matches.Select(m => m.Topic ?? "u" + m.UserId)];

    /// <summary>
    /// For a relational store: <paramref name="fewHolders"/>, the same database searched with a tag counting as common
    /// past two holders (RelationalTagIndex's bounded path), finds exactly what <see cref="StorageBackend.Tags"/> finds.
    /// </summary>
    protected async Task AssertCommonTagSearchFindsWhatTheFullSearchFindsAsync(ITagIndex fewHolders)
    {
        for (var id = 1L; id <= 9; id++)
        {
            List<string> tags = id == 9 ? ["rare"] : id is 2 or 5 ? ["common", "rare"] : ["common"];
            if (id == 6)
            {
                tags.Add("alias:six");
            }

            await Backend.Users.CreateAsync(User(id) with { Tags = tags, State = id == 3 ? UserState.Suspended : UserState.Ok }, Login(id, "user" + id), [], Ct);
        }

        TagSearch[] searches =
        [
            Search([["common"]], limit: 3),
            Search([["common"]], ["rare"], exclude: 1, limit: 4),
            Search([["common"], ["rare"]], limit: 10),
            Search([["common", "rare"]], limit: 5),
            Search([], ["common", "rare", "alias:six"], limit: 6),
            Search([], ["common"]),
        ];

        foreach (var search in searches)
        {
            var full = await Backend.Tags.FindAsync(search, Ct);
            var bounded = await fewHolders.FindAsync(search, Ct);
            Assert.NotEmpty(full);
            Assert.Equal(full.Select(m => (m.UserId, m.Score)), bounded.Select(m => (m.UserId, m.Score)));
        }

        Assert.Equal([1L, 2, 4], (await fewHolders.FindAsync(searches[0], Ct)).Select(m => m.UserId));
        Assert.Equal([2L, 5, 4, 6], (await fewHolders.FindAsync(searches[1], Ct)).Select(m => m.UserId));
        Assert.Equal([6L, 2, 5, 1, 4, 7], (await fewHolders.FindAsync(searches[4], Ct)).Select(m => m.UserId));
    }

    [Fact]
    public async Task A_found_topic_says_whether_it_is_a_channel_and_counts_its_subscribers_and_readers()
    {
        await Backend.Topics.CreateAsync(Topic("grpNews", owner: 1) with { Tags = ["news"], IsChannel = true }, [Sub("grpNews", 1), Sub("chnNews", 2), Sub("chnNews", 3) with { Deleted = At(2) }], Ct);
        await Backend.Topics.CreateAsync(Topic("grpClub", owner: 1) with { Tags = ["news"] }, [Sub("grpClub", 1), Sub("grpClub", 4)], Ct);
        await CreateTaggedUserAsync(5, "news");

        var found = (await Backend.Tags.FindAsync(Search([["news"]]), Ct)).ToDictionary(m => m.Topic ?? "u" + m.UserId);

        Assert.True(found["grpNews"].IsChannel);
        Assert.Equal(2, found["grpNews"].SubscriberCount);
        Assert.False(found["grpClub"].IsChannel);
        Assert.Equal(2, found["grpClub"].SubscriberCount);
        Assert.False(found["u5"].IsChannel);
        Assert.Equal(0, found["u5"].SubscriberCount);
    }

    private async Task CreateTaggedUserAsync(long id, params string[] tags) =>
        await Backend.Users.CreateAsync(User(id) with { Tags = tags, Public = $$"""{"fn":"user {{id}}"}""" }, Login(id, "user" + id), [], Ct);

    [Fact]
    public async Task Tag_search_finds_users_and_topics_holding_a_term_of_every_required_group()
    {
        await CreateTaggedUserAsync(1, "alias:alice", "travel", "hiking");
        await CreateTaggedUserAsync(2, "travel");
        await CreateTaggedUserAsync(3, "hiking", "music");
        await Backend.Topics.CreateAsync(Topic("grpClub", owner: 1) with { Tags = ["travel", "hiking"], Public = """{"fn":"Club"}""" }, [], Ct);

        // One group: anyone holding travel.
        Assert.Equal(["u1", "u2", "grpClub"], Found(await Backend.Tags.FindAsync(Search([["travel"]]), Ct)));

        // Two groups (travel AND hiking): only those holding both; the topic's and user's fields come along.
        var both = await Backend.Tags.FindAsync(Search([["travel"], ["hiking"]]), Ct);
        Assert.Equal(["u1", "grpClub"], Found(both));
        Assert.Equal("""{"fn":"Club"}""", both[1].Public);
        Assert.Equal(["travel", "hiking"], both[1].Tags);
        Assert.Equal(At(0), both[1].Created);
        Assert.Equal(2, both[0].Score);

        // A group of alternatives (music OR travel) AND hiking.
        Assert.Equal(["u1", "u3", "grpClub"], Found(await Backend.Tags.FindAsync(Search([["music", "travel"], ["hiking"]]), Ct)));

        // No such tag: nothing.
        Assert.Empty(await Backend.Tags.FindAsync(Search([["nobody"]]), Ct));
    }

    [Fact]
    public async Task Tag_search_orders_by_score_with_the_alias_namespace_above_every_other_match()
    {
        await CreateTaggedUserAsync(1, "travel", "hiking", "music");
        await CreateTaggedUserAsync(2, "alias:travel");
        await CreateTaggedUserAsync(3, "travel");
        await CreateTaggedUserAsync(4, "hiking", "travel");

        var found = await Backend.Tags.FindAsync(Search([], optional: ["travel", "hiking", "music", "alias:travel"]), Ct);

        Assert.Equal(["u2", "u1", "u4", "u3"], Found(found));
        Assert.Equal([20, 3, 2, 1], found.Select(m => m.Score));

        // Without a preferred namespace every tag weighs one.
        var plain = await Backend.Tags.FindAsync(Search([], optional: ["travel", "hiking", "music", "alias:travel"], preferred: null), Ct);
        Assert.Equal(["u1", "u4", "u2", "u3"], Found(plain));
    }

    [Fact]
    public async Task Tag_search_skips_the_caller_and_inactive_users_and_keeps_to_the_limit()
    {
        for (var id = 1; id <= 6; id++)
        {
            await CreateTaggedUserAsync(id, "team");
        }

        await Backend.Users.UpdateAsync((await Backend.Users.GetAsync(2, Ct))! with { State = UserState.Suspended }, Ct);
        await Backend.Users.UpdateAsync((await Backend.Users.GetAsync(3, Ct))! with { State = UserState.Deleted }, Ct);

        Assert.Equal(["u4", "u5", "u6"], Found(await Backend.Tags.FindAsync(Search([["team"]], exclude: 1), Ct)));
        Assert.Equal(["u1", "u4"], Found(await Backend.Tags.FindAsync(Search([["team"]], limit: 2), Ct)));
    }

    [Fact]
    public async Task A_tag_in_two_groups_counts_once_and_satisfies_both()
    {
        await CreateTaggedUserAsync(1, "alice");
        await CreateTaggedUserAsync(2, "bob");

        var found = await Backend.Tags.FindAsync(Search([["alice", "email:alice"], ["alice"]], optional: ["alice"]), Ct);

        Assert.Equal(["u1"], Found(found));
        Assert.Equal(1, found[0].Score);
    }

    [Fact]
    public async Task The_tag_index_follows_updates_and_deletions_of_users_and_topics()
    {
        await CreateTaggedUserAsync(1, "old", "kept");
        await Backend.Topics.CreateAsync(Topic("grpTagged", owner: 1) with { Tags = ["old"] }, [], Ct);

        await Backend.Users.UpdateAsync((await Backend.Users.GetAsync(1, Ct))! with { Tags = ["new", "kept"] }, Ct);
        await Backend.Topics.UpdateAsync((await Backend.Topics.GetAsync("grpTagged", Ct))! with { Tags = ["new"] }, null, Ct);

        Assert.Empty(await Backend.Tags.FindAsync(Search([["old"]]), Ct));
        Assert.Equal(["u1", "grpTagged"], Found(await Backend.Tags.FindAsync(Search([["new"]]), Ct)));
        Assert.Equal(new TagOwner(1, null), await Backend.Tags.FindOwnerAsync("kept", Ct));

        await Backend.Users.DeleteAsync(1, Ct);
        await Backend.Topics.DeleteAsync("grpTagged", null, Ct);

        Assert.Empty(await Backend.Tags.FindAsync(Search([["new"]], optional: ["kept"]), Ct));
        Assert.Null(await Backend.Tags.FindOwnerAsync("kept", Ct));
        Assert.Null(await Backend.Tags.FindOwnerAsync("new", Ct));
    }

    [Fact]
    public async Task The_owner_of_a_tag_is_found_exactly_whatever_its_state()
    {
        await CreateTaggedUserAsync(7, "alias:bob");
        await Backend.Users.UpdateAsync((await Backend.Users.GetAsync(7, Ct))! with { State = UserState.Suspended }, Ct);
        await Backend.Topics.CreateAsync(Topic("grpAliased", owner: 7) with { Tags = ["alias:club"] }, [], Ct);

        Assert.Equal(new TagOwner(7, null), await Backend.Tags.FindOwnerAsync("alias:bob", Ct));
        Assert.Equal(new TagOwner(0, "grpAliased"), await Backend.Tags.FindOwnerAsync("alias:club", Ct));
        Assert.Null(await Backend.Tags.FindOwnerAsync("alias:bo", Ct));
        Assert.Null(await Backend.Tags.FindOwnerAsync("alias", Ct));
    }
}
