using Broker.Storage;
using Broker.Storage.Testing;

namespace Broker.Tests.Storage;

public abstract partial class StoreConformanceTests
{
    /// <summary>A draft from <paramref name="from"/> at minute <paramref name="minutes"/> with a key whose window opened at minute <paramref name="since"/>.</summary>
    protected static MessageDraft Keyed(long from, int minutes, string key, int since = 0, string text = "hi")
        => Draft(from, minutes, text) with { IdempotencyKey = key, IdempotentSince = At(since) };

    [Fact]
    public async Task A_resent_key_stores_nothing_and_answers_the_first_seq_as_a_duplicate()
    {
        var topic = Topic("grpAlpha");
        await Backend.Topics.CreateAsync(topic, [Sub("grpAlpha", 5)], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(2, from: 6), Ct);

        var first = await Backend.Messages.AppendAsync("grpAlpha", [Keyed(5, 10, "k-1", text: "first")], Ct);
        var again = await Backend.Messages.AppendAsync("grpAlpha", [Keyed(5, 11, "k-1", text: "second")], Ct);

        Assert.Equal([new AppendedMessage(3, false)], first.Messages);
        Assert.Equal([new AppendedMessage(3, true)], again.Messages);
        var stored = await Backend.Messages.QueryAsync("grpAlpha", 5, All(), Ct);
        AssertSeqs([3L, 2, 1], stored);
        Assert.Equal("\"first\"", stored[0].Content);
        AssertSameTopic(topic with { Seq = 3, Touched = At(10) }, await Backend.Topics.GetAsync("grpAlpha", Ct));
    }

    [Fact]
    public async Task Keys_are_per_sender_and_per_topic()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        await Backend.Topics.CreateAsync(Topic("grpBeta"), [], Ct);

        await Backend.Messages.AppendAsync("grpAlpha", [Keyed(5, 1, "same")], Ct);
        var otherSender = await Backend.Messages.AppendAsync("grpAlpha", [Keyed(6, 2, "same")], Ct);
        var otherTopic = await Backend.Messages.AppendAsync("grpBeta", [Keyed(5, 3, "same")], Ct);
        var otherKey = await Backend.Messages.AppendAsync("grpAlpha", [Keyed(5, 4, "Same")], Ct);

        Assert.Equal([new AppendedMessage(2, false)], otherSender.Messages);
        Assert.Equal([new AppendedMessage(1, false)], otherTopic.Messages);
        Assert.Equal([new AppendedMessage(3, false)], otherKey.Messages);
    }

    [Fact]
    public async Task A_key_stored_before_the_window_stores_a_new_message_which_later_resends_repeat()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", [Keyed(5, 1, "old", since: 0)], Ct);

        var atEdge = await Backend.Messages.AppendAsync("grpAlpha", [Keyed(5, 30, "old", since: 1)], Ct);
        var outside = await Backend.Messages.AppendAsync("grpAlpha", [Keyed(5, 40, "old", since: 2)], Ct);
        var resent = await Backend.Messages.AppendAsync("grpAlpha", [Keyed(5, 41, "old", since: 35)], Ct);

        Assert.Equal([new AppendedMessage(1, true)], atEdge.Messages);
        Assert.Equal([new AppendedMessage(2, false)], outside.Messages);
        Assert.Equal([new AppendedMessage(2, true)], resent.Messages);
        AssertSeqs([2L, 1], await Backend.Messages.QueryAsync("grpAlpha", 5, All(), Ct));
    }

    [Fact]
    public async Task In_one_batch_new_messages_get_contiguous_seqs_and_duplicates_the_first_ones()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [Sub("grpAlpha", 5), Sub("grpAlpha", 6)], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", [Keyed(5, 1, "a")], Ct);

        var result = await Backend.Messages.AppendAsync(
            "grpAlpha",
            [Keyed(5, 2, "b"), Keyed(5, 3, "a"), Draft(6, 4), Keyed(5, 5, "b"), Keyed(6, 6, "b"), Keyed(5, 7, "c")],
            Ct);

        Assert.Equal(
            [new AppendedMessage(2, false), new AppendedMessage(1, true), new AppendedMessage(3, false), new AppendedMessage(2, true), new AppendedMessage(4, false), new AppendedMessage(5, false)],
            result.Messages);
        var stored = await Backend.Messages.QueryAsync("grpAlpha", 5, All(), Ct);
        AssertSeqs([5L, 4, 3, 2, 1], stored);
        Assert.Equal([At(7), At(6), At(4), At(2), At(1)], stored.Select(m => m.Ts));
        Assert.Equal(At(7), (await Backend.Topics.GetAsync("grpAlpha", Ct))!.Touched);
        var five = (await Backend.Subscriptions.GetAsync("grpAlpha", 5, Ct))!;
        var six = (await Backend.Subscriptions.GetAsync("grpAlpha", 6, Ct))!;
        Assert.Equal((5L, 5L), (five.ReadSeq, five.RecvSeq));
        Assert.Equal((4L, 4L), (six.ReadSeq, six.RecvSeq));
    }

    [Fact]
    public async Task A_batch_of_duplicates_leaves_the_topic_and_the_markers_as_they_were()
    {
        var topic = Topic("grpAlpha");
        await Backend.Topics.CreateAsync(topic, [Sub("grpAlpha", 5)], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", [Keyed(5, 1, "a"), Keyed(5, 2, "b")], Ct);
        await Backend.Subscriptions.UpdateMarkersAsync("grpAlpha", 5, 1, 1, null, Ct);

        var result = await Backend.Messages.AppendAsync("grpAlpha", [Keyed(5, 3, "b"), Keyed(5, 4, "a")], Ct);

        Assert.Equal([new AppendedMessage(2, true), new AppendedMessage(1, true)], result.Messages);
        AssertSameTopic(topic with { Seq = 2, Touched = At(2) }, await Backend.Topics.GetAsync("grpAlpha", Ct));
        var five = (await Backend.Subscriptions.GetAsync("grpAlpha", 5, Ct))!;
        Assert.Equal((1L, 1L), (five.ReadSeq, five.RecvSeq));
    }

    [Fact]
    public async Task A_key_of_a_failed_append_is_not_kept()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        var messages = new FaultInjectingMessageStore(Backend.Messages);
        messages.FailNextAppends(1, AppendFault.MidBatch);

        await Assert.ThrowsAsync<InjectedFaultException>(() => messages.AppendAsync("grpAlpha", [Keyed(5, 1, "a"), Keyed(5, 2, "b"), Keyed(5, 3, "c")], Ct));
        var retried = await messages.AppendAsync("grpAlpha", [Keyed(5, 4, "a"), Keyed(5, 5, "b"), Keyed(5, 6, "c")], Ct);

        Assert.Equal([new AppendedMessage(1, false), new AppendedMessage(2, false), new AppendedMessage(3, false)], retried.Messages);
    }

    [Fact]
    public async Task A_keyed_append_to_a_missing_topic_throws()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Backend.Messages.AppendAsync("grpNone", [Keyed(5, 1, "a")], Ct));
    }

    [Fact]
    public async Task Concurrent_resends_of_one_key_store_it_once()
    {
        await Backend.Topics.CreateAsync(Topic("grpBusy"), [], Ct);

        var sends = Enumerable.Range(0, 12).Select(i => Task.Run(() => Backend.Messages.AppendAsync("grpBusy", [Keyed(5, i, "once")], Ct), Ct));
        var results = await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.All(results, r => Assert.Equal(1, r.Messages[0].Seq));
        Assert.Single(results, r => !r.Messages[0].Duplicate);
        AssertSeqs([1L], await Backend.Messages.QueryAsync("grpBusy", 5, All(), Ct));
    }

    [Fact]
    public async Task Replacing_a_head_changes_only_that_message_and_not_a_deleted_or_missing_one()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", [Draft(5, 1, head: """{"a":1}"""), Draft(5, 2), Draft(5, 3)], Ct);
        await Backend.Messages.DeleteAsync("grpAlpha", null, [SeqRange.Single(3)], null, Ct);

        Assert.True(await Backend.Messages.ReplaceHeadAsync("grpAlpha", 1, """{"b":2}""", null, Ct));
        Assert.True(await Backend.Messages.ReplaceHeadAsync("grpAlpha", 2, """{"c":3}""", null, Ct));
        Assert.True(await Backend.Messages.ReplaceHeadAsync("grpAlpha", 2, null, null, Ct));
        Assert.False(await Backend.Messages.ReplaceHeadAsync("grpAlpha", 3, """{"d":4}""", null, Ct));
        Assert.False(await Backend.Messages.ReplaceHeadAsync("grpAlpha", 4, """{"d":4}""", null, Ct));
        Assert.False(await Backend.Messages.ReplaceHeadAsync("grpNone", 1, """{"d":4}""", null, Ct));

        var stored = await Backend.Messages.QueryAsync("grpAlpha", 5, All(), Ct);
        Assert.Equal([null, """{"b":2}"""], stored.Select(m => m.Head));
        Assert.Equal(["\"hi\"", "\"hi\""], stored.Select(m => m.Content));
    }
}
