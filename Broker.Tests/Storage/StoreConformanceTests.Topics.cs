using Broker.Protocol.Access;
using Broker.Storage;

namespace Broker.Tests.Storage;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Creating_a_topic_stores_it_with_its_first_subscriptions()
    {
        var topic = Topic("grpAlpha", owner: 5) with
        {
            Public = "{\"fn\":\"Alpha\"}",
            Trusted = "{\"official\":true}",
            Tags = ["alpha", "test"],
        };
        SubscriptionRecord[] subs = [Sub("grpAlpha", 5, AccessModes.Full, AccessModes.Full) with { Private = "{\"comment\":\"mine\"}" }, Sub("grpAlpha", 6)];

        await Backend.Topics.CreateAsync(topic, subs, Ct);

        AssertSameTopic(topic, await Backend.Topics.GetAsync("grpAlpha", Ct));
        Assert.Equal(subs, (await Backend.Subscriptions.GetForTopicAsync("grpAlpha", false, Ct)).OrderBy(s => s.UserId));
        Assert.Null(await Backend.Topics.GetAsync("grpBeta", Ct));
    }

    [Fact]
    public async Task Creating_an_existing_topic_throws_duplicate_and_changes_nothing()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha", owner: 5), [Sub("grpAlpha", 5)], Ct);

        await Assert.ThrowsAsync<DuplicateKeyException>(
            () => Backend.Topics.CreateAsync(Topic("grpAlpha", owner: 6), [Sub("grpAlpha", 6)], Ct));

        Assert.Equal(5, (await Backend.Topics.GetAsync("grpAlpha", Ct))!.Owner);
        Assert.Null(await Backend.Subscriptions.GetAsync("grpAlpha", 6, Ct));
    }

    [Fact]
    public async Task Updating_a_topic_replaces_its_description_but_never_seq_del_id_created_or_touched()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha", owner: 5), [], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(3, startMinute: 10), Ct);
        await Backend.Messages.DeleteAsync("grpAlpha", null, [SeqRange.Single(1)], null, Ct);
        var before = await Backend.Topics.GetAsync("grpAlpha", Ct);
        var update = Topic("grpAlpha") with
        {
            Created = At(500),
            Updated = At(60),
            Touched = At(600),
            Owner = 6,
            DefaultAuth = AccessMode.Join | AccessMode.Read,
            DefaultAnon = AccessMode.Read,
            Public = "{\"fn\":\"Renamed\"}",
            Trusted = "{}",
            Tags = ["renamed"],
            Seq = 999,
            DelId = 999,
        };

        await Backend.Topics.UpdateAsync(update, null, Ct);

        AssertSameTopic(update with { Created = before!.Created, Touched = before.Touched, Seq = 3, DelId = 1 }, await Backend.Topics.GetAsync("grpAlpha", Ct));
        Assert.Equal(4, await FirstSeq(Backend.Messages.AppendAsync("grpAlpha", [Draft(1, 20)], Ct)));
    }

    [Fact]
    public async Task Deleting_a_topic_removes_its_subscriptions_messages_and_delete_log()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [Sub("grpAlpha", 5), Sub("grpAlpha", 6)], Ct);
        await Backend.Topics.CreateAsync(Topic("grpBeta"), [Sub("grpBeta", 5)], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(3), Ct);
        await Backend.Messages.AppendAsync("grpBeta", Drafts(2), Ct);
        await Backend.Messages.DeleteAsync("grpAlpha", 5, [SeqRange.Single(1)], null, Ct);
        await Backend.Messages.DeleteAsync("grpAlpha", null, [SeqRange.Single(2)], null, Ct);

        await Backend.Topics.DeleteAsync("grpAlpha", null, Ct);

        Assert.Null(await Backend.Topics.GetAsync("grpAlpha", Ct));
        Assert.Empty(await Backend.Subscriptions.GetForTopicAsync("grpAlpha", true, Ct));
        Assert.Empty(await Backend.Messages.QueryAsync("grpAlpha", 6, All(), Ct));
        Assert.Empty(await Backend.Messages.GetDeletionsAsync("grpAlpha", 5, 0, 0, 100, Ct));
        Assert.Equal(["grpBeta"], (await Backend.Subscriptions.GetForUserAsync(5, true, Ct)).Select(s => s.Topic));
        AssertSeqs([2L, 1L], await Backend.Messages.QueryAsync("grpBeta", 5, All(), Ct));

        // A topic created again under the same name starts from scratch.
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        Assert.Equal(1, await FirstSeq(Backend.Messages.AppendAsync("grpAlpha", [Draft(1, 30)], Ct)));
        Assert.Equal(1, await Backend.Messages.DeleteAsync("grpAlpha", null, [SeqRange.Single(1)], null, Ct));
    }

    [Fact]
    public async Task Listing_groups_pages_group_topics_in_name_order()
    {
        string[] names = ["grpDelta", "grpAlpha", "p2pAAAAAAAAAAAAAAAAAAAAAA", "grpCharlie", "grpBravo", "usrAAAAAAAAAAA", "grp_z", "grq", "gro"];
        foreach (var name in names)
        {
            await Backend.Topics.CreateAsync(Topic(name), [], Ct);
        }

        var first = await Backend.Topics.ListGroupsAsync(null, 2, Ct);
        var second = await Backend.Topics.ListGroupsAsync(first[^1].Name, 2, Ct);
        var third = await Backend.Topics.ListGroupsAsync(second[^1].Name, 2, Ct);
        var rest = await Backend.Topics.ListGroupsAsync(third[^1].Name, 2, Ct);

        Assert.Equal(["grpAlpha", "grpBravo"], first.Select(t => t.Name));
        Assert.Equal(["grpCharlie", "grpDelta"], second.Select(t => t.Name));
        Assert.Equal(["grp_z"], third.Select(t => t.Name));
        Assert.Empty(rest);
        AssertSameTopic(Topic("grpAlpha"), first[0]);
    }

    [Fact]
    public async Task Listing_ownerless_topics_by_prefix_skips_owned_ones_and_pages_in_name_order()
    {
        (string Name, long Owner)[] topics =
        [
            ("emcDelta", 0), ("emcAlpha", 0), ("emcOwned", 7), ("emcBravo", 0), ("grpAlpha", 0), ("emd", 0), ("emb", 0),
        ];
        foreach (var (name, owner) in topics)
        {
            await Backend.Topics.CreateAsync(Topic(name, owner), [], Ct);
        }

        var first = await Backend.Topics.ListOwnerlessAsync("emc", null, 2, Ct);
        var second = await Backend.Topics.ListOwnerlessAsync("emc", first[^1].Name, 2, Ct);

        Assert.Equal(["emcAlpha", "emcBravo"], first.Select(t => t.Name));
        Assert.Equal(["emcDelta"], second.Select(t => t.Name));
        AssertSameTopic(Topic("emcAlpha"), first[0]);
    }
}
