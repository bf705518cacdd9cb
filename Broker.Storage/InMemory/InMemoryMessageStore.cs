namespace Broker.Storage.InMemory;

internal sealed class InMemoryMessageStore(InMemoryState state) : IMessageStore
{
    public Task<AppendResult> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken) =>
        Append(topic, null, batch);

    public Task<AppendResult> AppendFencedAsync(string topic, long epoch, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken) =>
        Append(topic, epoch, batch);

    private Task<AppendResult> Append(string topic, long? epoch, IReadOnlyList<MessageDraft> batch)
    {
        if (batch.Count == 0)
        {
            return Task.FromResult(AppendResult.Empty);
        }

        lock (state.Gate)
        {
            if (!state.Topics.TryGetValue(topic, out var record))
            {
                throw new InvalidOperationException($"topic {topic} does not exist");
            }

            if (epoch is { } mine && state.Epochs.GetValueOrDefault(topic) != mine)
            {
                return Task.FromException<AppendResult>(StaleTopicEpochException.Of(topic));
            }

            var plan = new AppendPlan(batch);
            foreach (var index in plan.KeyedFirsts)
            {
                if (StoredSeq(topic, batch[index]) is { } stored)
                {
                    plan.MarkStored(index, stored);
                }
            }

            if (plan.Fresh.Count == 0)
            {
                return Task.FromResult(plan.Complete(0));
            }

            // Build the whole batch before touching the topic, so that a failure part-way stores nothing.
            var first = record.Seq + 1;
            var seq = record.Seq;
            var touched = record.Touched;
            var appended = new List<StoredMessage>(plan.Fresh.Count);
            foreach (var draft in plan.Fresh)
            {
                seq++;
                appended.Add(new StoredMessage(topic, seq, draft.From, draft.Ts, draft.Head, draft.Content));
                touched = draft.Ts;
            }

            if (!state.Messages.TryGetValue(topic, out var messages))
            {
                messages = [];
                state.Messages[topic] = messages;
            }

            foreach (var message in appended)
            {
                messages.Add(message.Seq, message);
            }

            state.Topics[topic] = record with { Seq = seq, Touched = touched };
            for (var i = 0; i < appended.Count; i++)
            {
                var message = appended[i];
                var draft = plan.Fresh[i];
                if (state.Subscriptions.TryGetValue((topic, message.From), out var sub))
                {
                    state.Subscriptions[(topic, message.From)] = sub with
                    {
                        ReadSeq = Math.Max(sub.ReadSeq, message.Seq),
                        RecvSeq = Math.Max(sub.RecvSeq, message.Seq),
                    };
                }

                if (draft.IdempotencyKey is { } key)
                {
                    state.MessageKeys[(topic, draft.From, key)] = (message.Seq, draft.Ts);
                }

                if (draft.Outbound)
                {
                    state.Outbox[(topic, message.Seq)] = (0, draft.Ts);
                }
            }

            return Task.FromResult(plan.Complete(first));
        }
    }

    public Task<bool> ReplaceHeadAsync(string topic, long seq, string? head, TopicFence? fence, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Refuses(fence) is { } stale)
            {
                return Task.FromException<bool>(stale);
            }

            if (!state.Messages.TryGetValue(topic, out var messages) || !messages.TryGetValue(seq, out var message) || message.Content is null)
            {
                return Task.FromResult(false);
            }

            messages[seq] = message with { Head = head };
            return Task.FromResult(true);
        }
    }

    private long? StoredSeq(string topic, MessageDraft draft) =>
        state.MessageKeys.TryGetValue((topic, draft.From, draft.IdempotencyKey!), out var stored) && stored.Ts >= draft.IdempotentSince
            ? stored.Seq
            : null;

    public Task<IReadOnlyList<StoredMessage>> QueryAsync(string topic, long forUser, MessageQuery query, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            var result = new List<StoredMessage>();
            if (!state.Messages.TryGetValue(topic, out var messages) || query.Limit <= 0)
            {
                return Task.FromResult<IReadOnlyList<StoredMessage>>(result);
            }

            var hidden = state.Deletions.GetValueOrDefault(topic)?.Where(d => d.ForUser is null || d.ForUser == forUser).ToList();
            var before = query.Before > 0 ? query.Before : long.MaxValue;
            for (var i = messages.Count - 1; i >= 0 && result.Count < query.Limit; i--)
            {
                var message = messages.Values[i];
                if (message.Seq >= before)
                {
                    continue;
                }

                if (message.Seq < query.Since)
                {
                    break;
                }

                if (query.Ranges is { Count: > 0 } && !query.Ranges.Any(r => r.Contains(message.Seq)))
                {
                    continue;
                }

                if (message.Content is null || (hidden is not null && hidden.Any(d => d.Ranges.Any(r => r.Contains(message.Seq)))))
                {
                    continue;
                }

                result.Add(message);
            }

            return Task.FromResult<IReadOnlyList<StoredMessage>>(result);
        }
    }

    public Task<long> DeleteAsync(string topic, long? forUser, IReadOnlyList<SeqRange> ranges, TopicFence? fence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(ranges.Count, nameof(ranges));
        lock (state.Gate)
        {
            if (state.Refuses(fence) is { } stale)
            {
                return Task.FromException<long>(stale);
            }

            if (!state.Topics.TryGetValue(topic, out var record))
            {
                throw new InvalidOperationException($"topic {topic} does not exist");
            }

            var delId = record.DelId + 1;
            state.Topics[topic] = record with { DelId = delId };
            if (!state.Deletions.TryGetValue(topic, out var log))
            {
                log = [];
                state.Deletions[topic] = log;
            }

            log.Add(new DeletionRecord(topic, delId, forUser, [.. ranges]));
            if (forUser is null && state.Messages.TryGetValue(topic, out var messages))
            {
                foreach (var range in ranges)
                {
                    for (var seq = range.Low; seq < range.Hi; seq++)
                    {
                        if (messages.TryGetValue(seq, out var message))
                        {
                            messages[seq] = message with { Head = null, Content = null };
                        }

                        state.Outbox.Remove((topic, seq));
                    }
                }
            }

            return Task.FromResult(delId);
        }
    }

    public Task<IReadOnlyList<DeletionRecord>> GetDeletionsAsync(string topic, long forUser, long since, long before, int limit, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            var upper = before > 0 ? before : long.MaxValue;
            IReadOnlyList<DeletionRecord> result = state.Deletions.GetValueOrDefault(topic)?
                .Where(d => (d.ForUser is null || d.ForUser == forUser) && d.DelId >= since && d.DelId < upper)
                .OrderBy(d => d.DelId)
                .Take(limit)
                .ToList() ?? [];
            return Task.FromResult(result);
        }
    }
}
