using Broker.Protocol.Access;
using Broker.Storage;

namespace Broker.Tests.Storage;

/// <summary>Topic epochs: of two activations of one topic, only the one that claimed it last can write.</summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Claiming_a_topic_raises_its_epoch_by_one_each_time_and_a_missing_topic_has_none()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha", owner: 5), [Sub("grpAlpha", 5)], Ct);

        Assert.Equal(1, await Backend.Topics.ClaimEpochAsync("grpAlpha", Ct));
        Assert.Equal(2, await Backend.Topics.ClaimEpochAsync("grpAlpha", Ct));
        Assert.Null(await Backend.Topics.ClaimEpochAsync("grpMissing", Ct));
        Assert.Null(await Backend.Topics.GetAsync("grpMissing", Ct));
    }

    [Fact]
    public async Task A_fenced_append_with_the_current_epoch_stores_like_an_unfenced_one()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha", owner: 5), [Sub("grpAlpha", 5)], Ct);
        var epoch = (await Backend.Topics.ClaimEpochAsync("grpAlpha", Ct))!.Value;

        var appended = await Backend.Messages.AppendFencedAsync("grpAlpha", epoch, Drafts(2, from: 5), Ct);
        var keyed = await Backend.Messages.AppendFencedAsync("grpAlpha", epoch, [Keyed(5, 3, "k"), Keyed(5, 4, "k")], Ct);

        Assert.Equal([1L, 2L], appended.Messages.Select(m => m.Seq));
        Assert.Equal([3L, 3L], keyed.Messages.Select(m => m.Seq));
        Assert.Equal(3, (await Backend.Topics.GetAsync("grpAlpha", Ct))!.Seq);
        Assert.Equal(3, (await Backend.Subscriptions.GetAsync("grpAlpha", 5, Ct))!.ReadSeq);
    }

    [Fact]
    public async Task An_append_of_an_older_activation_is_refused_and_stores_nothing()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha", owner: 5), [Sub("grpAlpha", 5)], Ct);
        var older = (await Backend.Topics.ClaimEpochAsync("grpAlpha", Ct))!.Value;
        await Backend.Messages.AppendFencedAsync("grpAlpha", older, [Keyed(5, 1, "stored")], Ct);
        var newer = (await Backend.Topics.ClaimEpochAsync("grpAlpha", Ct))!.Value;

        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Messages.AppendFencedAsync("grpAlpha", older, Drafts(3, from: 5, startMinute: 2), Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Messages.AppendFencedAsync("grpAlpha", older, [Keyed(5, 5, "fresh")], Ct));

        // Not even a duplicate's answer: the stale activation acknowledges nothing.
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Messages.AppendFencedAsync("grpAlpha", older, [Keyed(5, 6, "stored")], Ct));

        AssertSeqs([1], await Backend.Messages.QueryAsync("grpAlpha", 5, All(), Ct));
        Assert.Equal(1, (await Backend.Topics.GetAsync("grpAlpha", Ct))!.Seq);
        Assert.Equal(1, (await Backend.Subscriptions.GetAsync("grpAlpha", 5, Ct))!.ReadSeq);

        // The newer activation carries on from the last stored seq, and its key "fresh" was never taken.
        var next = await Backend.Messages.AppendFencedAsync("grpAlpha", newer, [Keyed(5, 7, "fresh")], Ct);
        Assert.Equal(new AppendedMessage(2, Duplicate: false), next.Messages[0]);
    }

    [Fact]
    public async Task A_stale_append_fails_alone_among_appends_committed_together()
    {
        var topics = new[] { "grpAlpha", "grpBeta", "grpGamma" };
        foreach (var name in topics)
        {
            await Backend.Topics.CreateAsync(Topic(name, owner: 5), [Sub(name, 5)], Ct);
        }

        var epochs = new Dictionary<string, long>();
        foreach (var name in topics)
        {
            epochs[name] = (await Backend.Topics.ClaimEpochAsync(name, Ct))!.Value;
        }

        await Backend.Topics.ClaimEpochAsync("grpBeta", Ct);

        var appends = topics.Select(name => Backend.Messages.AppendFencedAsync(name, epochs[name], Drafts(2, from: 5), Ct)).ToList();
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => appends[1]);

        Assert.Equal([1L, 2L], (await appends[0]).Messages.Select(m => m.Seq));
        Assert.Equal([1L, 2L], (await appends[2]).Messages.Select(m => m.Seq));
        Assert.Empty(await Backend.Messages.QueryAsync("grpBeta", 5, All(), Ct));
    }

    [Fact]
    public async Task A_fenced_append_to_a_missing_topic_fails_as_an_unfenced_one_does()
    {
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => Backend.Messages.AppendFencedAsync("grpMissing", 1, Drafts(1), Ct));

        Assert.IsNotType<StaleTopicEpochException>(error);
    }

    [Fact]
    public async Task Every_topic_write_under_the_current_epoch_is_applied()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha", owner: 5) with { IsChannel = true }, [Sub("grpAlpha", 5)], Ct);
        var fence = new TopicFence("grpAlpha", (await Backend.Topics.ClaimEpochAsync("grpAlpha", Ct))!.Value);
        await Backend.Messages.AppendFencedAsync("grpAlpha", fence.Epoch, Drafts(3, from: 5), Ct);

        await Backend.Topics.UpdateAsync(Topic("grpAlpha", owner: 5) with { Public = "\"new\"", Tags = ["t1"], Aux = """{"pins":[1]}""" }, fence, Ct);
        await Backend.Subscriptions.UpsertAsync(Sub("grpAlpha", 6), fence, Ct);
        await Backend.Subscriptions.UpsertAsync(Sub("chnAlpha", 7), fence, Ct);
        await Backend.Subscriptions.UpdateMarkersAsync("grpAlpha", 6, 2, 3, fence, Ct);
        await Backend.Subscriptions.SoftDeleteAsync("grpAlpha", 5, At(9), fence, Ct);
        Assert.True(await Backend.Messages.ReplaceHeadAsync("grpAlpha", 1, """{"a":1}""", fence, Ct));
        var delId = await Backend.Messages.DeleteAsync("grpAlpha", null, [new SeqRange(2, 3)], fence, Ct);

        var topic = await Backend.Topics.GetAsync("grpAlpha", Ct);
        Assert.Equal("\"new\"", topic!.Public);
        Assert.Equal(["t1"], topic.Tags);
        Assert.Equal("""{"pins":[1]}""", topic.Aux);
        Assert.Equal(1, delId);
        Assert.Equal(1, topic.DelId);
        var member = await Backend.Subscriptions.GetAsync("grpAlpha", 6, Ct);
        Assert.Equal((2L, 3L), (member!.ReadSeq, member.RecvSeq));
        Assert.NotNull(await Backend.Subscriptions.GetAsync("chnAlpha", 7, Ct));
        Assert.Equal(At(9), (await Backend.Subscriptions.GetAsync("grpAlpha", 5, Ct))!.Deleted);
        var messages = await Backend.Messages.QueryAsync("grpAlpha", 5, All(), Ct);
        AssertSeqs([3, 1], messages);
        Assert.Equal("""{"a":1}""", messages.Single(m => m.Seq == 1).Head);

        // Writes that rightly change nothing are no refusal: no such message, no such subscription.
        Assert.False(await Backend.Messages.ReplaceHeadAsync("grpAlpha", 2, """{"b":2}""", fence, Ct));
        await Backend.Subscriptions.UpdateMarkersAsync("grpAlpha", 99, 1, 1, fence, Ct);
        await Backend.Subscriptions.SoftDeleteAsync("grpAlpha", 99, At(9), fence, Ct);

        // The group's deletion takes its channel readers' subscriptions with it, in the same transaction.
        await Backend.Topics.DeleteAsync("grpAlpha", fence, Ct);
        Assert.Null(await Backend.Topics.GetAsync("grpAlpha", Ct));
        Assert.Empty(await Backend.Subscriptions.GetForTopicAsync("grpAlpha", includeDeleted: true, Ct));
        Assert.Empty(await Backend.Subscriptions.GetForTopicAsync("chnAlpha", includeDeleted: true, Ct));
    }

    [Fact]
    public async Task Every_topic_write_of_an_older_activation_is_refused_and_changes_nothing()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha", owner: 5) with { IsChannel = true }, [Sub("grpAlpha", 5), Sub("grpAlpha", 6), Sub("chnAlpha", 7)], Ct);
        var older = new TopicFence("grpAlpha", (await Backend.Topics.ClaimEpochAsync("grpAlpha", Ct))!.Value);
        await Backend.Messages.AppendFencedAsync("grpAlpha", older.Epoch, Drafts(3, from: 5), Ct);
        await Backend.Topics.ClaimEpochAsync("grpAlpha", Ct);
        var topicBefore = await Backend.Topics.GetAsync("grpAlpha", Ct);
        var subsBefore = await Backend.Subscriptions.GetForTopicAsync("grpAlpha", includeDeleted: true, Ct);

        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Topics.UpdateAsync(topicBefore! with { Public = "\"stale\"", Tags = ["stale"] }, older, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Subscriptions.UpsertAsync(Sub("grpAlpha", 8), older, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Subscriptions.UpsertAsync(Sub("grpAlpha", 6, given: AccessModes.Me), older, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Subscriptions.UpsertAsync(Sub("chnAlpha", 9), older, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Subscriptions.UpdateMarkersAsync("grpAlpha", 6, 2, 3, older, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Subscriptions.SoftDeleteAsync("grpAlpha", 6, At(9), older, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Subscriptions.SoftDeleteAsync("chnAlpha", 7, At(9), older, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Messages.ReplaceHeadAsync("grpAlpha", 1, """{"a":1}""", older, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Messages.DeleteAsync("grpAlpha", null, [new SeqRange(1, 3)], older, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Messages.DeleteAsync("grpAlpha", 5, [new SeqRange(1, 3)], older, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Topics.DeleteAsync("grpAlpha", older, Ct));

        AssertSameTopic(topicBefore!, await Backend.Topics.GetAsync("grpAlpha", Ct));
        Assert.Equal(subsBefore, await Backend.Subscriptions.GetForTopicAsync("grpAlpha", includeDeleted: true, Ct));
        Assert.Null((await Backend.Subscriptions.GetAsync("chnAlpha", 7, Ct))!.Deleted);
        Assert.Null(await Backend.Subscriptions.GetAsync("chnAlpha", 9, Ct));
        Assert.Null(await Backend.Tags.FindOwnerAsync("stale", Ct));
        var messages = await Backend.Messages.QueryAsync("grpAlpha", 5, All(), Ct);
        AssertSeqs([3, 2, 1], messages);
        Assert.All(messages, m => Assert.Null(m.Head));
        Assert.Empty(await Backend.Messages.GetDeletionsAsync("grpAlpha", 5, 0, 0, 10, Ct));
    }

    [Fact]
    public async Task A_fenced_write_to_a_deleted_topic_is_refused_and_leaves_no_row()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha", owner: 5), [Sub("grpAlpha", 5)], Ct);
        var fence = new TopicFence("grpAlpha", (await Backend.Topics.ClaimEpochAsync("grpAlpha", Ct))!.Value);
        await Backend.Topics.DeleteAsync("grpAlpha", null, Ct);

        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Subscriptions.UpsertAsync(Sub("grpAlpha", 6), fence, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Topics.UpdateAsync(Topic("grpAlpha", owner: 5), fence, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Subscriptions.UpdateMarkersAsync("grpAlpha", 6, 1, 1, fence, Ct));
        await Assert.ThrowsAsync<StaleTopicEpochException>(() => Backend.Topics.DeleteAsync("grpAlpha", fence, Ct));

        Assert.Null(await Backend.Topics.GetAsync("grpAlpha", Ct));
        Assert.Empty(await Backend.Subscriptions.GetForTopicAsync("grpAlpha", includeDeleted: true, Ct));
    }
}
