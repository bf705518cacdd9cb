using LiteDB;
using static Broker.Storage.LiteDb.LiteDbCollections;

namespace Broker.Storage.LiteDb;

internal sealed class LiteDbSubscriptionStore(LiteDbDatabase database) : ISubscriptionStore
{
    public Task<SubscriptionRecord?> GetAsync(string topic, long userId, CancellationToken cancellationToken)
    {
        return Task.FromResult(database.Read(
            db => db.GetCollection(Subscriptions).FindById(SubscriptionKey(topic, userId)) is { } doc ? LiteDbDocuments.ToSubscription(doc) : null));
    }

    public Task<IReadOnlyList<SubscriptionRecord>> GetForTopicAsync(string topic, bool includeDeleted, CancellationToken cancellationToken)
    {
        return Task.FromResult(Find(Query.EQ("topic", topic), includeDeleted, subs => subs.OrderBy(s => s.UserId)));
    }

    public Task<IReadOnlyList<SubscriptionRecord>> GetForUserAsync(long userId, bool includeDeleted, CancellationToken cancellationToken)
    {
        return Task.FromResult(Find(Query.EQ("user", userId), includeDeleted, subs => subs.OrderBy(s => s.Topic, StringComparer.Ordinal)));
    }

    public Task UpsertAsync(SubscriptionRecord subscription, TopicFence? fence, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                LiteDbFence.Check(db, fence);
                db.GetCollection(Subscriptions).Upsert(LiteDbDocuments.FromSubscription(subscription));
            },
            cancellationToken);
    }

    public Task UpdateMarkersAsync(string topic, long userId, long readSeq, long recvSeq, TopicFence? fence, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                LiteDbFence.Check(db, fence);
                var subs = db.GetCollection(Subscriptions);
                if (subs.FindById(SubscriptionKey(topic, userId)) is { } doc)
                {
                    doc["readSeq"] = readSeq;
                    doc["recvSeq"] = recvSeq;
                    subs.Update(doc);
                }
            },
            cancellationToken);
    }

    public Task SoftDeleteAsync(string topic, long userId, DateTime when, TopicFence? fence, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                LiteDbFence.Check(db, fence);
                var subs = db.GetCollection(Subscriptions);
                if (subs.FindById(SubscriptionKey(topic, userId)) is { } doc)
                {
                    var deleted = LiteDbDocuments.ToSubscription(doc) with { Deleted = when, Updated = when };
                    subs.Update(LiteDbDocuments.FromSubscription(deleted));
                }
            },
            cancellationToken);
    }

    private IReadOnlyList<SubscriptionRecord> Find(
        BsonExpression filter,
        bool includeDeleted,
        Func<IEnumerable<SubscriptionRecord>, IEnumerable<SubscriptionRecord>> order)
    {
        return database.Read(db =>
        {
            var subs = db.GetCollection(Subscriptions).Find(filter).Select(LiteDbDocuments.ToSubscription);
            return order(includeDeleted ? subs : subs.Where(s => s.Deleted is null)).ToList();
        });
    }
}
