namespace Broker.Storage.InMemory;

internal sealed class InMemoryTopicStore(InMemoryState state) : ITopicStore
{
    public Task CreateAsync(TopicRecord topic, IReadOnlyList<SubscriptionRecord> subscriptions, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Topics.ContainsKey(topic.Name))
            {
                throw new DuplicateKeyException("topic exists");
            }

            state.Topics[topic.Name] = topic;
            state.Tags.SetTopic(topic.Name, [], topic.Tags);
            foreach (var sub in subscriptions)
            {
                state.Subscriptions[(sub.Topic, sub.UserId)] = sub;
            }
        }

        return Task.CompletedTask;
    }

    public Task<TopicRecord?> GetAsync(string name, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            return Task.FromResult(state.Topics.GetValueOrDefault(name));
        }
    }

    public Task UpdateAsync(TopicRecord topic, TopicFence? fence, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Refuses(fence) is { } stale)
            {
                return Task.FromException(stale);
            }

            if (state.Topics.TryGetValue(topic.Name, out var existing))
            {
                state.Tags.SetTopic(topic.Name, existing.Tags, topic.Tags);
                state.Topics[topic.Name] = existing with
                {
                    Updated = topic.Updated,
                    Owner = topic.Owner,
                    DefaultAuth = topic.DefaultAuth,
                    DefaultAnon = topic.DefaultAnon,
                    Public = topic.Public,
                    Trusted = topic.Trusted,
                    Tags = topic.Tags,
                    Aux = topic.Aux,
                };
            }
        }

        return Task.CompletedTask;
    }

    public Task<long?> ClaimEpochAsync(string name, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (!state.Topics.ContainsKey(name))
            {
                return Task.FromResult<long?>(null);
            }

            var epoch = state.Epochs.GetValueOrDefault(name) + 1;
            state.Epochs[name] = epoch;
            return Task.FromResult<long?>(epoch);
        }
    }

    public Task DeleteAsync(string name, TopicFence? fence, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Refuses(fence) is { } stale)
            {
                return Task.FromException(stale);
            }

            var readers = ChannelReaders.TopicOf(name);
            state.Epochs.Remove(name);
            if (state.Topics.Remove(name, out var removed))
            {
                state.Tags.SetTopic(name, removed.Tags, []);
            }

            state.Messages.Remove(name);
            state.Deletions.Remove(name);
            foreach (var key in state.MessageKeys.Keys.Where(k => k.Topic == name).ToList())
            {
                state.MessageKeys.Remove(key);
            }

            foreach (var key in state.Outbox.Keys.Where(k => k.Topic == name).ToList())
            {
                state.Outbox.Remove(key);
            }

            foreach (var key in state.Subscriptions.Keys.Where(k => k.Topic == name || k.Topic == readers).ToList())
            {
                state.Subscriptions.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TopicRecord>> ListGroupsAsync(string? after, int limit, CancellationToken cancellationToken) =>
        ListAsync(t => t.Name.StartsWith("grp", StringComparison.Ordinal), after, limit);

    public Task<IReadOnlyList<TopicRecord>> ListOwnerlessAsync(string prefix, string? after, int limit, CancellationToken cancellationToken) =>
        ListAsync(t => t.Owner == 0 && t.Name.StartsWith(prefix, StringComparison.Ordinal), after, limit);

    private Task<IReadOnlyList<TopicRecord>> ListAsync(Func<TopicRecord, bool> filter, string? after, int limit)
    {
        lock (state.Gate)
        {
            IReadOnlyList<TopicRecord> result = state.Topics.Values
                .Where(t => filter(t) && (after is null || string.CompareOrdinal(t.Name, after) > 0))
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .Take(limit)
                .ToList();
            return Task.FromResult(result);
        }
    }
}
