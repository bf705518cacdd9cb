namespace Broker.Storage.InMemory;

internal sealed class InMemorySubscriptionStore(InMemoryState state) : ISubscriptionStore
{
    public Task<SubscriptionRecord?> GetAsync(string topic, long userId, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            return Task.FromResult(state.Subscriptions.GetValueOrDefault((topic, userId)));
        }
    }

    public Task<IReadOnlyList<SubscriptionRecord>> GetForTopicAsync(string topic, bool includeDeleted, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            IReadOnlyList<SubscriptionRecord> result = state.Subscriptions.Values
                .Where(s => s.Topic == topic && (includeDeleted || s.Deleted is null))
                .ToList();
            return Task.FromResult(result);
        }
    }

    public Task<IReadOnlyList<SubscriptionRecord>> GetForUserAsync(long userId, bool includeDeleted, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            IReadOnlyList<SubscriptionRecord> result = state.Subscriptions.Values
                .Where(s => s.UserId == userId && (includeDeleted || s.Deleted is null))
                .ToList();
            return Task.FromResult(result);
        }
    }

    public Task UpsertAsync(SubscriptionRecord subscription, TopicFence? fence, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Refuses(fence) is { } stale)
            {
                return Task.FromException(stale);
            }

            state.Subscriptions[(subscription.Topic, subscription.UserId)] = subscription;
        }

        return Task.CompletedTask;
    }

    public Task UpdateMarkersAsync(string topic, long userId, long readSeq, long recvSeq, TopicFence? fence, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Refuses(fence) is { } stale)
            {
                return Task.FromException(stale);
            }

            if (state.Subscriptions.TryGetValue((topic, userId), out var existing))
            {
                state.Subscriptions[(topic, userId)] = existing with { ReadSeq = readSeq, RecvSeq = recvSeq };
            }
        }

        return Task.CompletedTask;
    }

    public Task SoftDeleteAsync(string topic, long userId, DateTime when, TopicFence? fence, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Refuses(fence) is { } stale)
            {
                return Task.FromException(stale);
            }

            if (state.Subscriptions.TryGetValue((topic, userId), out var existing))
            {
                state.Subscriptions[(topic, userId)] = existing with { Deleted = when, Updated = when };
            }
        }

        return Task.CompletedTask;
    }
}
