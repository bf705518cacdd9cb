namespace Broker.Storage.InMemory;

internal sealed class InMemoryOutboxStore(InMemoryState state) : IOutboxStore
{
    public Task<IReadOnlyList<OutboxEntry>> GetDueAsync(DateTime now, int limit, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            IReadOnlyList<OutboxEntry> due = [.. state.Outbox
                .Where(e => e.Value.DueAt <= now)
                .OrderBy(e => e.Value.DueAt).ThenBy(e => e.Key.Topic, StringComparer.Ordinal).ThenBy(e => e.Key.Seq)
                .Take(Math.Max(limit, 0))
                .Select(e =>
                {
                    var message = state.Messages[e.Key.Topic][e.Key.Seq];
                    return new OutboxEntry(e.Key.Topic, e.Key.Seq, message.From, message.Ts, message.Head, message.Content!, e.Value.Attempts, e.Value.DueAt);
                })];
            return Task.FromResult(due);
        }
    }

    public Task CompleteAsync(string topic, long seq, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            state.Outbox.Remove((topic, seq));
        }

        return Task.CompletedTask;
    }

    public Task RescheduleAsync(string topic, long seq, int attempts, DateTime dueAt, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Outbox.ContainsKey((topic, seq)))
            {
                state.Outbox[(topic, seq)] = (attempts, dueAt);
            }
        }

        return Task.CompletedTask;
    }
}
