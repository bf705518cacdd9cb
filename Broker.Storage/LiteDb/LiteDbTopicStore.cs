using Broker.Protocol.Names;
using Broker.Storage.Relational;
using LiteDB;
using static Broker.Storage.LiteDb.LiteDbCollections;

namespace Broker.Storage.LiteDb;

internal sealed class LiteDbTopicStore(LiteDbDatabase database) : ITopicStore
{
    public Task CreateAsync(TopicRecord topic, IReadOnlyList<SubscriptionRecord> subscriptions, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                db.GetCollection(Topics).Insert(LiteDbDocuments.FromTopic(topic));
                LiteDbTagRows.ReplaceTopic(db, topic.Name, [], topic.Tags);
                var subs = db.GetCollection(Subscriptions);
                foreach (var sub in subscriptions)
                {
                    subs.Upsert(LiteDbDocuments.FromSubscription(sub));
                }
            },
            cancellationToken);
    }

    public Task<TopicRecord?> GetAsync(string name, CancellationToken cancellationToken)
    {
        return Task.FromResult(database.Read(db => db.GetCollection(Topics).FindById(name) is { } doc ? LiteDbDocuments.ToTopic(doc) : null));
    }

    public Task UpdateAsync(TopicRecord topic, TopicFence? fence, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                LiteDbFence.Check(db, fence);
                var topics = db.GetCollection(Topics);
                if (topics.FindById(topic.Name) is { } doc)
                {
                    LiteDbTagRows.ReplaceTopic(db, topic.Name, LiteDbDocuments.ToTopic(doc).Tags, topic.Tags);
                    LiteDbDocuments.SetDescription(doc, topic);
                    topics.Update(doc);
                }
            },
            cancellationToken);
    }

    public Task<long?> ClaimEpochAsync(string name, CancellationToken cancellationToken)
    {
        return database.WriteAsync(
            db =>
            {
                var topics = db.GetCollection(Topics);
                if (topics.FindById(name) is not { } doc)
                {
                    return (long?)null;
                }

                var epoch = LiteDbDocuments.EpochOf(doc) + 1;
                doc["epoch"] = epoch;
                topics.Update(doc);
                return epoch;
            },
            cancellationToken);
    }

    public Task DeleteAsync(string name, TopicFence? fence, CancellationToken cancellationToken)
    {
        var (low, high) = TopicRange(name);
        var readers = ChannelReaders.TopicOf(name);
        return database.WriteAsync(
            db =>
            {
                LiteDbFence.Check(db, fence);
                db.GetCollection(Subscriptions).DeleteMany(readers is null ? Query.EQ("topic", name) : Query.Or(Query.EQ("topic", name), Query.EQ("topic", readers)));
                db.GetCollection(Messages).DeleteMany(Query.Between("_id", low, high));
                db.GetCollection(Deletions).DeleteMany(Query.Between("_id", low, high));
                db.GetCollection(MessageKeys).DeleteMany(Query.Between("_id", low, high));
                db.GetCollection(Outbox).DeleteMany(Query.Between("_id", low, high));
                var topics = db.GetCollection(Topics);
                if (topics.FindById(name) is { } doc)
                {
                    LiteDbTagRows.ReplaceTopic(db, name, LiteDbDocuments.ToTopic(doc).Tags, []);
                    topics.Delete(name);
                }
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<TopicRecord>> ListGroupsAsync(string? after, int limit, CancellationToken cancellationToken) =>
        ListByPrefix(TopicNames.GroupPrefix, ownerless: false, after, limit);

    public Task<IReadOnlyList<TopicRecord>> ListOwnerlessAsync(string prefix, string? after, int limit, CancellationToken cancellationToken) =>
        ListByPrefix(prefix, ownerless: true, after, limit);

    private Task<IReadOnlyList<TopicRecord>> ListByPrefix(string prefix, bool ownerless, string? after, int limit)
    {
        // One range of the ordinal primary key: [prefix, its end], the ends, the page start and owned topics filtered out here.
        return Task.FromResult<IReadOnlyList<TopicRecord>>(database.Read(db => db.GetCollection(Topics)
            .Find(Query.Between("_id", after ?? prefix, GroupNames.PrefixEndOf(prefix)))
            .Where(doc => doc["_id"].AsString is var name && name != after && name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(LiteDbDocuments.ToTopic)
            .Where(topic => !ownerless || topic.Owner == 0)
            .Take(Math.Max(limit, 0))
            .ToList()));
    }
}
