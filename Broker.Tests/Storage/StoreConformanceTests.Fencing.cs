using Broker.Storage;

namespace Broker.Tests.Storage;

/// <summary>Topic epochs: of two activations of one topic, only the one that claimed it last can append.</summary>
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
}
