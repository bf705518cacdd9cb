using Broker.Storage;

namespace Broker.Tests.Storage;

public abstract partial class StoreConformanceTests
{
    protected static MessageDraft Outbound(long from, int minutes, string text = "out", string? head = null)
        => Draft(from, minutes, text, head) with { Outbound = true };

    [Fact]
    public async Task Outbound_messages_wait_in_the_outbox_with_their_message_due_at_their_time()
    {
        await Backend.Topics.CreateAsync(Topic("emcAlpha"), [], Ct);

        await Backend.Messages.AppendAsync("emcAlpha", [Outbound(5, 1, "one", """{"emc":{"to":"+1"}}"""), Draft(5, 2), Outbound(6, 3, "three")], Ct);

        Assert.Equal(
            [
                new OutboxEntry("emcAlpha", 1, 5, At(1), """{"emc":{"to":"+1"}}""", "\"one\"", 0, At(1)),
                new OutboxEntry("emcAlpha", 3, 6, At(3), null, "\"three\"", 0, At(3)),
            ],
            await Backend.Outbox.GetDueAsync(At(10), 10, Ct));
        Assert.Equal([1L], (await Backend.Outbox.GetDueAsync(At(2), 10, Ct)).Select(e => e.Seq));
        Assert.Empty(await Backend.Outbox.GetDueAsync(At(0), 10, Ct));
        Assert.Single(await Backend.Outbox.GetDueAsync(At(10), 1, Ct));
        Assert.Empty(await Backend.Outbox.GetDueAsync(At(10), 0, Ct));
    }

    [Fact]
    public async Task Completed_entries_leave_and_rescheduled_ones_come_due_later_earliest_first()
    {
        await Backend.Topics.CreateAsync(Topic("emcAlpha"), [], Ct);
        await Backend.Topics.CreateAsync(Topic("emcBeta"), [], Ct);
        await Backend.Messages.AppendAsync("emcAlpha", [Outbound(5, 1), Outbound(5, 2), Outbound(5, 3)], Ct);
        await Backend.Messages.AppendAsync("emcBeta", [Outbound(5, 1)], Ct);

        await Backend.Outbox.CompleteAsync("emcAlpha", 2, Ct);
        await Backend.Outbox.CompleteAsync("emcAlpha", 2, Ct);
        await Backend.Outbox.RescheduleAsync("emcAlpha", 1, 3, At(20), Ct);
        await Backend.Outbox.RescheduleAsync("emcAlpha", 9, 1, At(20), Ct);

        var due = await Backend.Outbox.GetDueAsync(At(10), 10, Ct);
        Assert.Equal([("emcAlpha", 3L), ("emcBeta", 1L)], due.Select(e => (e.Topic, e.Seq)).Order());
        Assert.Equal(("emcAlpha", 3L), (due[^1].Topic, due[^1].Seq));
        var later = await Backend.Outbox.GetDueAsync(At(20), 10, Ct);
        Assert.Equal(("emcAlpha", 1L, 3, At(20)), (later[^1].Topic, later[^1].Seq, later[^1].Attempts, later[^1].DueAt));
        Assert.Equal(3, later.Count);
    }

    [Fact]
    public async Task The_outbox_row_is_written_with_the_message_and_not_for_a_duplicate_or_a_failed_append()
    {
        await Backend.Topics.CreateAsync(Topic("emcAlpha"), [], Ct);
        var messages = new Broker.Storage.Testing.FaultInjectingMessageStore(Backend.Messages);
        messages.FailNextAppends(1, Broker.Storage.Testing.AppendFault.MidBatch);
        await Assert.ThrowsAnyAsync<Exception>(() => messages.AppendAsync("emcAlpha", [Outbound(5, 1), Outbound(5, 2), Outbound(5, 3)], Ct));

        var keyed = Outbound(5, 4) with { IdempotencyKey = "k", IdempotentSince = At(0) };
        await messages.AppendAsync("emcAlpha", [keyed], Ct);
        var again = await messages.AppendAsync("emcAlpha", [keyed with { Ts = At(5) }], Ct);

        Assert.True(again.Messages[0].Duplicate);
        Assert.Equal([1L], (await Backend.Outbox.GetDueAsync(At(10), 10, Ct)).Select(e => e.Seq));
    }

    [Fact]
    public async Task A_hard_deleted_or_dropped_topic_takes_its_outbox_rows_along_and_a_soft_delete_does_not()
    {
        await Backend.Topics.CreateAsync(Topic("emcAlpha"), [], Ct);
        await Backend.Topics.CreateAsync(Topic("emcBeta"), [], Ct);
        await Backend.Messages.AppendAsync("emcAlpha", [Outbound(5, 1), Outbound(5, 2), Outbound(5, 3)], Ct);
        await Backend.Messages.AppendAsync("emcBeta", [Outbound(5, 4)], Ct);

        await Backend.Messages.DeleteAsync("emcAlpha", null, [SeqRange.Single(2)], null, Ct);
        await Backend.Messages.DeleteAsync("emcAlpha", 5, [SeqRange.Single(3)], null, Ct);
        await Backend.Topics.DeleteAsync("emcBeta", null, Ct);

        Assert.Equal([1L, 3], (await Backend.Outbox.GetDueAsync(At(10), 10, Ct)).Select(e => e.Seq));
        Assert.All(await Backend.Outbox.GetDueAsync(At(10), 10, Ct), e => Assert.Equal("emcAlpha", e.Topic));
    }
}
