using Broker.Storage.Relational;
using LiteDB;
using static Broker.Storage.LiteDb.LiteDbCollections;

namespace Broker.Storage.LiteDb;

internal sealed class LiteDbMessageStore : IMessageStore
{
    private readonly LiteDbDatabase database;
    private readonly LiteDbAppendCommitter committer;

    public LiteDbMessageStore(LiteDbDatabase database, int maxAppendsPerCommit)
    {
        this.database = database;
        committer = new LiteDbAppendCommitter(database, Append, maxAppendsPerCommit);
    }

    /// <summary>The cross-topic group commit every non-empty append goes through.</summary>
    internal LiteDbAppendCommitter Committer => committer;

    public Task<AppendResult> AppendAsync(string topic, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        return batch.Count == 0 ? Task.FromResult(AppendResult.Empty) : committer.AppendAsync(topic, null, batch, cancellationToken);
    }

    public Task<AppendResult> AppendFencedAsync(string topic, long epoch, IReadOnlyList<MessageDraft> batch, CancellationToken cancellationToken)
    {
        return batch.Count == 0 ? Task.FromResult(AppendResult.Empty) : committer.AppendAsync(topic, epoch, batch, cancellationToken);
    }

    public Task<bool> ReplaceHeadAsync(string topic, long seq, string? head, TopicFence? fence, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                LiteDbFence.Check(db, fence);
                var messages = db.GetCollection(Messages);
                if (messages.FindById(MessageKey(topic, seq)) is not { } doc || doc["content"].IsNull)
                {
                    return false;
                }

                doc["head"] = head is null ? BsonValue.Null : new BsonValue(head);
                return messages.Update(doc);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<StoredMessage>> QueryAsync(string topic, long forUser, MessageQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<StoredMessage>>([]);
        }

        var windows = SeqWindows.NewestFirst(query);
        if (windows.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<StoredMessage>>([]);
        }

        return Task.FromResult<IReadOnlyList<StoredMessage>>(database.Read(db =>
        {
            var hidden = HiddenFor(db, topic, forUser);
            var messages = db.GetCollection(Messages);
            var result = new List<StoredMessage>(Math.Min(query.Limit, 256));
            foreach (var window in windows)
            {
                // A backward scan of one primary-key range; the reader stops as soon as the page is full.
                var rows = messages.Query()
                    .Where(Query.Between("_id", MessageKey(topic, window.Low), MessageKey(topic, window.Hi - 1)))
                    .OrderByDescending("_id")
                    .ToEnumerable();
                foreach (var doc in rows)
                {
                    if (doc["content"].IsNull || IsHidden(hidden, doc["seq"].AsInt64))
                    {
                        continue;
                    }

                    result.Add(LiteDbDocuments.ToMessage(topic, doc));
                    if (result.Count >= query.Limit)
                    {
                        return result;
                    }
                }
            }

            return result;
        }));
    }

    public Task<long> DeleteAsync(string topic, long? forUser, IReadOnlyList<SeqRange> ranges, TopicFence? fence, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfZero(ranges.Count, nameof(ranges));
        return database.WriteAsync(
            db =>
            {
                LiteDbFence.Check(db, fence);
                var topics = db.GetCollection(Topics);
                var topicDoc = topics.FindById(topic) ?? throw TopicMissing(topic);
                var delId = topicDoc["delId"].AsInt64 + 1;
                topicDoc["delId"] = delId;
                topics.Update(topicDoc);
                db.GetCollection(Deletions).Insert(LiteDbDocuments.FromDeletion(topic, delId, forUser, ranges));
                if (forUser is null)
                {
                    var messages = db.GetCollection(Messages);
                    var outbox = db.GetCollection(Outbox);
                    foreach (var range in ranges)
                    {
                        var doomed = messages.Find(Query.Between("_id", MessageKey(topic, range.Low), MessageKey(topic, range.Hi - 1)))
                            .Where(doc => !doc["content"].IsNull)
                            .ToList();
                        foreach (var doc in doomed)
                        {
                            doc["head"] = BsonValue.Null;
                            doc["content"] = BsonValue.Null;
                            messages.Update(doc);
                            outbox.Delete(doc["_id"]);
                        }
                    }
                }

                return delId;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<DeletionRecord>> GetDeletionsAsync(string topic, long forUser, long since, long before, int limit, CancellationToken cancellationToken)
    {
        var upper = before > 0 ? before : long.MaxValue;
        if (limit <= 0 || since >= upper)
        {
            return Task.FromResult<IReadOnlyList<DeletionRecord>>([]);
        }

        return Task.FromResult<IReadOnlyList<DeletionRecord>>(database.Read(db => db.GetCollection(Deletions)
            .Find(Query.Between("_id", DeletionKey(topic, Math.Max(since, 0)), DeletionKey(topic, upper - 1)))
            .Where(doc => doc["forUser"].IsNull || doc["forUser"].AsInt64 == forUser)
            .Take(limit)
            .Select(doc => LiteDbDocuments.ToDeletion(topic, doc))
            .ToList()));
    }

    private static InvalidOperationException TopicMissing(string topic) => new($"topic {topic} does not exist");

    /// <summary>The ranges <paramref name="forUser"/> soft-deleted in the topic.</summary>
    private static List<SeqRange> HiddenFor(LiteDatabase db, string topic, long forUser)
    {
        var (low, high) = TopicRange(topic);
        var hidden = new List<SeqRange>();
        foreach (var doc in db.GetCollection(Deletions).Find(Query.Between("_id", low, high)))
        {
            var owner = doc["forUser"];
            if (!owner.IsNull && owner.AsInt64 == forUser)
            {
                hidden.AddRange(LiteDbDocuments.Ranges(doc));
            }
        }

        return hidden;
    }

    private static bool IsHidden(List<SeqRange> hidden, long seq)
    {
        foreach (var range in hidden)
        {
            if (range.Contains(seq))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// One append inside the committer's transaction: the topic row gives the seqs; drafts whose idempotency key this
    /// sender stored in the window are answered as duplicates; then the new messages, the topic's new seq and
    /// touched time, the senders' markers, the keys and the outbox rows are written. Null, with nothing written,
    /// when the topic does not exist.
    /// </summary>
    private static AppendResult? Append(LiteDatabase db, string topic, long? epoch, IReadOnlyList<MessageDraft> batch)
    {
        var topics = db.GetCollection(Topics);
        if (topics.FindById(topic) is not { } topicDoc)
        {
            return null;
        }

        if (epoch is { } mine && LiteDbDocuments.EpochOf(topicDoc) != mine)
        {
            throw StaleTopicEpochException.Of(topic);
        }

        var plan = new AppendPlan(batch);
        var keys = db.GetCollection(MessageKeys);
        foreach (var index in plan.KeyedFirsts)
        {
            var draft = batch[index];
            if (keys.FindById(IdempotencyKey(topic, draft.From, draft.IdempotencyKey!)) is { } key && key["ts"].AsInt64 >= UnixTime.ToMs(draft.IdempotentSince))
            {
                plan.MarkStored(index, key["seq"].AsInt64);
            }
        }

        var fresh = plan.Fresh;
        if (fresh.Count == 0)
        {
            return plan.Complete(0);
        }

        var first = topicDoc["seq"].AsInt64 + 1;
        var documents = new BsonDocument[fresh.Count];
        for (var i = 0; i < fresh.Count; i++)
        {
            documents[i] = LiteDbDocuments.FromMessage(topic, first + i, fresh[i]);
        }

        db.GetCollection(Messages).Insert(documents);
        topicDoc["seq"] = first + fresh.Count - 1;
        topicDoc["touched"] = UnixTime.ToMs(fresh[^1].Ts);
        topics.Update(topicDoc);

        var subs = db.GetCollection(Subscriptions);
        foreach (var (from, lastSeq) in SenderMarkers.LastSeqs(fresh, first))
        {
            if (subs.FindById(SubscriptionKey(topic, from)) is { } sub)
            {
                sub["readSeq"] = Math.Max(sub["readSeq"].AsInt64, lastSeq);
                sub["recvSeq"] = Math.Max(sub["recvSeq"].AsInt64, lastSeq);
                subs.Update(sub);
            }
        }

        for (var i = 0; i < fresh.Count; i++)
        {
            var draft = fresh[i];
            if (draft.IdempotencyKey is not null)
            {
                keys.Upsert(LiteDbDocuments.FromIdempotencyKey(topic, first + i, draft));
            }

            if (draft.Outbound)
            {
                db.GetCollection(Outbox).Insert(LiteDbDocuments.FromOutbox(topic, first + i, draft.Ts));
            }
        }

        return plan.Complete(first);
    }
}
