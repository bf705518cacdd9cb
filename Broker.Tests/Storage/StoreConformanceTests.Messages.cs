using Broker.Storage;
using Broker.Storage.Testing;

namespace Broker.Tests.Storage;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Append_assigns_contiguous_seqs_across_batches_starting_at_1()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);

        var first = await FirstSeq(Backend.Messages.AppendAsync("grpAlpha", Drafts(3, startMinute: 0), Ct));
        var second = await FirstSeq(Backend.Messages.AppendAsync("grpAlpha", Drafts(1, startMinute: 3), Ct));
        var third = await FirstSeq(Backend.Messages.AppendAsync("grpAlpha", Drafts(4, startMinute: 4), Ct));

        Assert.Equal((1, 4, 5), (first, second, third));
        Assert.Equal(Enumerable.Range(1, 8).Reverse().Select(i => (long)i), Seqs(await Backend.Messages.QueryAsync("grpAlpha", 1, All(), Ct)));
        Assert.Equal(8, (await Backend.Topics.GetAsync("grpAlpha", Ct))!.Seq);
    }

    [Fact]
    public async Task Append_advances_the_topic_seq_and_touched_time_only()
    {
        var topic = Topic("grpAlpha");
        await Backend.Topics.CreateAsync(topic, [], Ct);

        await Backend.Messages.AppendAsync("grpAlpha", [Draft(1, 20), Draft(1, 25)], Ct);

        AssertSameTopic(topic with { Seq = 2, Touched = At(25) }, await Backend.Topics.GetAsync("grpAlpha", Ct));
    }

    [Fact]
    public async Task Append_raises_each_senders_read_and_recv_markers_to_its_last_message()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [Sub("grpAlpha", 5), Sub("grpAlpha", 6), Sub("grpAlpha", 7)], Ct);
        await Backend.Subscriptions.UpdateMarkersAsync("grpAlpha", 7, 9, 9, null, Ct);

        await Backend.Messages.AppendAsync("grpAlpha", [Draft(5, 1), Draft(6, 2), Draft(5, 3), Draft(0, 4)], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", [Draft(7, 5)], Ct);

        var five = (await Backend.Subscriptions.GetAsync("grpAlpha", 5, Ct))!;
        var six = (await Backend.Subscriptions.GetAsync("grpAlpha", 6, Ct))!;
        var seven = (await Backend.Subscriptions.GetAsync("grpAlpha", 7, Ct))!;
        Assert.Equal((3L, 3L), (five.ReadSeq, five.RecvSeq));
        Assert.Equal((2L, 2L), (six.ReadSeq, six.RecvSeq));
        Assert.Equal((9L, 9L), (seven.ReadSeq, seven.RecvSeq));
    }

    [Fact]
    public async Task Seqs_are_per_topic()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        await Backend.Topics.CreateAsync(Topic("grpBeta"), [], Ct);

        Assert.Equal(1, await FirstSeq(Backend.Messages.AppendAsync("grpAlpha", Drafts(2), Ct)));
        Assert.Equal(1, await FirstSeq(Backend.Messages.AppendAsync("grpBeta", Drafts(5), Ct)));
        Assert.Equal(3, await FirstSeq(Backend.Messages.AppendAsync("grpAlpha", Drafts(1), Ct)));
    }

    [Fact]
    public async Task Appending_to_a_missing_topic_throws_and_stores_nothing()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Backend.Messages.AppendAsync("grpNone", Drafts(2), Ct));

        Assert.Null(await Backend.Topics.GetAsync("grpNone", Ct));
        Assert.Empty(await Backend.Messages.QueryAsync("grpNone", 1, All(), Ct));
    }

    [Fact]
    public async Task An_empty_batch_answers_no_messages_and_changes_nothing()
    {
        var topic = Topic("grpAlpha");
        await Backend.Topics.CreateAsync(topic, [], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(2), Ct);

        Assert.Empty((await Backend.Messages.AppendAsync("grpAlpha", [], Ct)).Messages);
        Assert.Equal(2, (await Backend.Topics.GetAsync("grpAlpha", Ct))!.Seq);
        Assert.Equal(3, await FirstSeq(Backend.Messages.AppendAsync("grpAlpha", Drafts(1), Ct)));
    }

    [Fact]
    public async Task Messages_round_trip_every_field()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        var plain = new MessageDraft(-42, At(1), null, "\"hello ✓ \\u00e9\"");
        var rich = new MessageDraft(7, At(2), """{"mime":"text/x-drafty","reply":"3"}""", """{"txt":"bold","fmt":[{"at":0,"len":4,"tp":"ST"}]}""");

        await Backend.Messages.AppendAsync("grpAlpha", [plain, rich], Ct);

        Assert.Equal(
            [
                new StoredMessage("grpAlpha", 2, rich.From, rich.Ts, rich.Head, rich.Content),
                new StoredMessage("grpAlpha", 1, plain.From, plain.Ts, plain.Head, plain.Content),
            ],
            await Backend.Messages.QueryAsync("grpAlpha", 1, All(), Ct));
    }

    [Fact]
    public async Task Query_returns_newest_first_within_since_and_before_up_to_the_limit()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(10), Ct);

        AssertSeqs([10L, 9, 8], await Backend.Messages.QueryAsync("grpAlpha", 1, new MessageQuery(0, 0, 3), Ct));
        AssertSeqs([6L, 5, 4], await Backend.Messages.QueryAsync("grpAlpha", 1, new MessageQuery(4, 7, 100), Ct));
        AssertSeqs([6L, 5], await Backend.Messages.QueryAsync("grpAlpha", 1, new MessageQuery(0, 7, 2), Ct));
        AssertSeqs([10L, 9], await Backend.Messages.QueryAsync("grpAlpha", 1, new MessageQuery(9, 0, 100), Ct));
        Assert.Empty(await Backend.Messages.QueryAsync("grpAlpha", 1, new MessageQuery(7, 7, 100), Ct));
        Assert.Empty(await Backend.Messages.QueryAsync("grpAlpha", 1, new MessageQuery(11, 0, 100), Ct));
        Assert.Empty(await Backend.Messages.QueryAsync("grpAlpha", 1, new MessageQuery(0, 0, 0), Ct));
        Assert.Empty(await Backend.Messages.QueryAsync("grpNone", 1, All(), Ct));
    }

    [Fact]
    public async Task Query_with_ranges_returns_only_seqs_in_them_and_in_since_before()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(20), Ct);

        SeqRange[] ranges = [new(2, 4), SeqRange.Single(9), new(15, 30), new(3, 6)];

        AssertSeqs([20L, 19, 18, 17, 16, 15, 9, 5, 4, 3, 2], await Backend.Messages.QueryAsync("grpAlpha", 1, new MessageQuery(0, 0, 100, ranges), Ct));
        AssertSeqs([9L, 5, 4], await Backend.Messages.QueryAsync("grpAlpha", 1, new MessageQuery(4, 15, 100, ranges), Ct));
        AssertSeqs([20L, 19, 18, 17, 16, 15, 9, 5], await Backend.Messages.QueryAsync("grpAlpha", 1, new MessageQuery(0, 0, 8, ranges), Ct));
        Assert.Empty(await Backend.Messages.QueryAsync("grpAlpha", 1, new MessageQuery(10, 15, 100, ranges), Ct));
    }

    [Fact]
    public async Task A_soft_delete_hides_messages_for_that_user_only()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(6), Ct);

        var delId = await Backend.Messages.DeleteAsync("grpAlpha", 5, [new SeqRange(2, 4), SeqRange.Single(6)], null, Ct);

        Assert.Equal(1, delId);
        AssertSeqs([5L, 4, 1], await Backend.Messages.QueryAsync("grpAlpha", 5, All(), Ct));
        AssertSeqs([6L, 5, 4, 3, 2, 1], await Backend.Messages.QueryAsync("grpAlpha", 6, All(), Ct));
        AssertSeqs([4L, 1], await Backend.Messages.QueryAsync("grpAlpha", 5, new MessageQuery(0, 5, 2), Ct));
        Assert.Equal(6, (await Backend.Topics.GetAsync("grpAlpha", Ct))!.Seq);
    }

    [Fact]
    public async Task A_hard_delete_hides_messages_for_everyone_and_keeps_the_seq_hole()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(5), Ct);

        await Backend.Messages.DeleteAsync("grpAlpha", null, [new SeqRange(2, 4)], null, Ct);

        AssertSeqs([5L, 4, 1], await Backend.Messages.QueryAsync("grpAlpha", 5, All(), Ct));
        AssertSeqs([5L, 4, 1], await Backend.Messages.QueryAsync("grpAlpha", 6, All(), Ct));
        AssertSeqs([4L, 1], await Backend.Messages.QueryAsync("grpAlpha", 6, new MessageQuery(0, 5, 2), Ct));
        Assert.Equal(6, await FirstSeq(Backend.Messages.AppendAsync("grpAlpha", Drafts(1), Ct)));
        AssertSeqs([6L, 5, 4, 1], await Backend.Messages.QueryAsync("grpAlpha", 6, All(), Ct));
    }

    [Fact]
    public async Task Delete_ids_count_up_per_topic_and_are_kept_on_the_topic()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        await Backend.Topics.CreateAsync(Topic("grpBeta"), [], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(5), Ct);

        Assert.Equal(1, await Backend.Messages.DeleteAsync("grpAlpha", null, [SeqRange.Single(1)], null, Ct));
        Assert.Equal(2, await Backend.Messages.DeleteAsync("grpAlpha", 5, [SeqRange.Single(2)], null, Ct));
        Assert.Equal(1, await Backend.Messages.DeleteAsync("grpBeta", 5, [SeqRange.Single(1)], null, Ct));
        Assert.Equal(3, await Backend.Messages.DeleteAsync("grpAlpha", null, [SeqRange.Single(9)], null, Ct));

        Assert.Equal(3, (await Backend.Topics.GetAsync("grpAlpha", Ct))!.DelId);
        Assert.Equal(1, (await Backend.Topics.GetAsync("grpBeta", Ct))!.DelId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Backend.Messages.DeleteAsync("grpNone", null, [SeqRange.Single(1)], null, Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Backend.Messages.DeleteAsync("grpAlpha", null, [], null, Ct));
        Assert.Equal(3, (await Backend.Topics.GetAsync("grpAlpha", Ct))!.DelId);
    }

    [Fact]
    public async Task Deletions_show_hard_ones_and_the_users_own_soft_ones()
    {
        await Backend.Topics.CreateAsync(Topic("grpAlpha"), [], Ct);
        await Backend.Messages.AppendAsync("grpAlpha", Drafts(10), Ct);
        await Backend.Messages.DeleteAsync("grpAlpha", null, [new SeqRange(1, 3), SeqRange.Single(7)], null, Ct);
        await Backend.Messages.DeleteAsync("grpAlpha", 5, [SeqRange.Single(4)], null, Ct);
        await Backend.Messages.DeleteAsync("grpAlpha", 6, [new SeqRange(5, 7)], null, Ct);
        await Backend.Messages.DeleteAsync("grpAlpha", null, [SeqRange.Single(8)], null, Ct);

        var forFive = await Backend.Messages.GetDeletionsAsync("grpAlpha", 5, 0, 0, 100, Ct);
        var forSix = await Backend.Messages.GetDeletionsAsync("grpAlpha", 6, 0, 0, 100, Ct);

        Assert.Equal([1L, 2, 4], forFive.Select(d => d.DelId));
        AssertDeletion(forFive[0], 1, null, new SeqRange(1, 3), SeqRange.Single(7));
        AssertDeletion(forFive[1], 2, 5, SeqRange.Single(4));
        AssertDeletion(forFive[2], 4, null, SeqRange.Single(8));
        Assert.All(forFive, d => Assert.Equal("grpAlpha", d.Topic));
        Assert.Equal([1L, 3, 4], forSix.Select(d => d.DelId));
        AssertDeletion(forSix[1], 3, 6, new SeqRange(5, 7));
        Assert.Equal([1L, 4], (await Backend.Messages.GetDeletionsAsync("grpAlpha", 7, 0, 0, 100, Ct)).Select(d => d.DelId));

        Assert.Equal([2L, 4], (await Backend.Messages.GetDeletionsAsync("grpAlpha", 5, 2, 0, 100, Ct)).Select(d => d.DelId));
        Assert.Equal([1L, 2], (await Backend.Messages.GetDeletionsAsync("grpAlpha", 5, 0, 4, 100, Ct)).Select(d => d.DelId));
        Assert.Equal([1L, 2], (await Backend.Messages.GetDeletionsAsync("grpAlpha", 5, 0, 0, 2, Ct)).Select(d => d.DelId));
        Assert.Equal([2L], (await Backend.Messages.GetDeletionsAsync("grpAlpha", 5, 2, 4, 100, Ct)).Select(d => d.DelId));
        Assert.Empty(await Backend.Messages.GetDeletionsAsync("grpAlpha", 5, 0, 0, 0, Ct));
        Assert.Empty(await Backend.Messages.GetDeletionsAsync("grpBeta", 5, 0, 0, 100, Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failed_append_stores_nothing_and_the_next_append_continues_without_a_gap(bool midBatch)
    {
        var fault = midBatch ? AppendFault.MidBatch : AppendFault.BeforeStore;
        var topic = Topic("grpAlpha");
        await Backend.Topics.CreateAsync(topic, [], Ct);
        var messages = new FaultInjectingMessageStore(Backend.Messages);
        Assert.Equal(1, await FirstSeq(messages.AppendAsync("grpAlpha", Drafts(2, startMinute: 0), Ct)));

        messages.FailNextAppends(2, fault);
        await Assert.ThrowsAsync<InjectedFaultException>(() => messages.AppendAsync("grpAlpha", Drafts(5, startMinute: 10), Ct));
        await Assert.ThrowsAsync<InjectedFaultException>(() => messages.AppendAsync("grpAlpha", Drafts(3, startMinute: 20), Ct));

        Assert.Equal(2, messages.InjectedFailures);
        AssertSameTopic(topic with { Seq = 2, Touched = At(1) }, await Backend.Topics.GetAsync("grpAlpha", Ct));
        AssertSeqs([2L, 1], await messages.QueryAsync("grpAlpha", 1, All(), Ct));

        Assert.Equal(3, await FirstSeq(messages.AppendAsync("grpAlpha", Drafts(3, startMinute: 30), Ct)));
        var stored = await messages.QueryAsync("grpAlpha", 1, All(), Ct);
        Assert.Equal([5L, 4, 3, 2, 1], Seqs(stored));
        Assert.Equal(At(30), stored[2].Ts);
    }

    [Fact]
    public async Task Concurrent_appends_to_one_topic_get_unique_contiguous_seqs()
    {
        const int Writers = 8;
        const int AppendsPerWriter = 15;
        await Backend.Topics.CreateAsync(Topic("grpBusy"), [], Ct);
        var assigned = new System.Collections.Concurrent.ConcurrentBag<(long First, int Count)>();

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(
            async () =>
            {
                for (var i = 0; i < AppendsPerWriter; i++)
                {
                    var count = 1 + ((writer + i) % 3);
                    var first = await FirstSeq(Backend.Messages.AppendAsync("grpBusy", Drafts(count, from: writer, startMinute: i), Ct));
                    assigned.Add((first, count));

                    // Readers run alongside the writer and see every committed append.
                    var latest = await Backend.Messages.QueryAsync("grpBusy", writer, new MessageQuery(first, 0, 1), Ct);
                    Assert.Single(latest);
                }
            },
            Ct));
        await Within(Task.WhenAll(writers), TimeSpan.FromSeconds(120), $"{Writers} writers to append {AppendsPerWriter} batches each");

        var total = assigned.Sum(a => a.Count);
        var seqs = assigned.SelectMany(a => Enumerable.Range(0, a.Count).Select(i => a.First + i)).Order().ToList();
        Assert.Equal(Writers * AppendsPerWriter, assigned.Count);
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), seqs);
        Assert.Equal(total, (await Backend.Topics.GetAsync("grpBusy", Ct))!.Seq);
        Assert.Equal(seqs.AsEnumerable().Reverse(), Seqs(await Backend.Messages.QueryAsync("grpBusy", 0, All(limit: total + 10), Ct)));
    }

    [Fact]
    public async Task Concurrent_appends_to_many_topics_keep_per_topic_seqs_and_a_missing_topic_fails_alone()
    {
        const int Topics = 40;
        const int AppendsPerTopic = 6;
        for (var t = 0; t < Topics; t++)
        {
            await Backend.Topics.CreateAsync(Topic("grpMany" + t), [], Ct);
        }

        // One writer per topic, as the topic actors are; all of them at once, with appends to a missing topic mixed in.
        var writers = Enumerable.Range(0, Topics).Select(t => Task.Run(
            async () =>
            {
                var firsts = new List<long>();
                for (var i = 0; i < AppendsPerTopic; i++)
                {
                    firsts.Add(await FirstSeq(Backend.Messages.AppendAsync("grpMany" + t, Drafts(1 + (i % 3), from: t, startMinute: i), Ct)));
                }

                return firsts;
            },
            Ct)).ToList();
        var missing = Enumerable.Range(0, 5).Select(_ => Task.Run(() => Backend.Messages.AppendAsync("grpGone", Drafts(2), Ct), Ct)).ToList();
        var all = Task.WhenAll(writers);
        await Within(all, TimeSpan.FromSeconds(120), $"{Topics} topics to append {AppendsPerTopic} batches each");
        var results = await all;

        foreach (var failed in missing)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        }

        var expectedFirsts = new List<long>();
        var next = 1L;
        for (var i = 0; i < AppendsPerTopic; i++)
        {
            expectedFirsts.Add(next);
            next += 1 + (i % 3);
        }

        for (var t = 0; t < Topics; t++)
        {
            Assert.Equal(expectedFirsts, results[t]);
            var stored = await Backend.Messages.QueryAsync("grpMany" + t, 0, All(), Ct);
            Assert.Equal(Enumerable.Range(1, (int)next - 1).Reverse().Select(i => (long)i), Seqs(stored));
            Assert.All(stored, m => Assert.Equal(t, m.From));
        }

        Assert.Empty(await Backend.Messages.QueryAsync("grpGone", 0, All(), Ct));
    }
}
