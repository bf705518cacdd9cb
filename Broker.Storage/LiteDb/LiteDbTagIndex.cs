using LiteDB;
using static Broker.Storage.LiteDb.LiteDbCollections;

namespace Broker.Storage.LiteDb;

/// <summary>Tag search in LiteDB: each term's owners from one key range of the tag rows, never every user.</summary>
internal sealed class LiteDbTagIndex(LiteDbDatabase database) : ITagIndex
{
    public Task<IReadOnlyList<TagMatch>> FindAsync(TagSearch search, CancellationToken cancellationToken)
    {
        var terms = search.Terms();
        var groups = search.RequiredGroupCount;
        return Task.FromResult<IReadOnlyList<TagMatch>>(database.Read(db =>
        {
            var userHits = Score(db.GetCollection(UserTags), terms, owner => owner.AsInt64);
            var topicHits = Score(db.GetCollection(TopicTags), terms, owner => owner.AsString);
            var users = db.GetCollection(Users);
            var topics = db.GetCollection(Topics);
            var result = new List<TagMatch>();
            foreach (var (id, hit) in userHits)
            {
                if (hit.Groups.Count == groups && id != search.ExcludeUser && users.FindById(id) is { } doc
                    && LiteDbDocuments.ToUser(doc) is { State: UserState.Ok } user)
                {
                    result.Add(new TagMatch
                    {
                        UserId = id,
                        Created = user.Created,
                        Updated = user.Updated,
                        DefaultAuth = user.DefaultAuth,
                        DefaultAnon = user.DefaultAnon,
                        Public = user.Public,
                        Trusted = user.Trusted,
                        Tags = user.Tags,
                        Score = hit.Score,
                    });
                }
            }

            foreach (var (name, hit) in topicHits)
            {
                if (hit.Groups.Count == groups && topics.FindById(name) is { } doc)
                {
                    var topic = LiteDbDocuments.ToTopic(doc);
                    result.Add(new TagMatch
                    {
                        Topic = name,
                        IsChannel = topic.IsChannel,
                        SubscriberCount = SubscriberCount(db, name, topic.IsChannel),
                        Created = topic.Created,
                        Updated = topic.Updated,
                        DefaultAuth = topic.DefaultAuth,
                        DefaultAnon = topic.DefaultAnon,
                        Public = topic.Public,
                        Trusted = topic.Trusted,
                        Tags = topic.Tags,
                        Score = hit.Score,
                    });
                }
            }

            return result
                .OrderByDescending(m => m.Score)
                .ThenBy(m => m.Topic is null ? 0 : 1)
                .ThenBy(m => m.UserId)
                .ThenBy(m => m.Topic, StringComparer.Ordinal)
                .Take(search.Limit)
                .ToList();
        }));
    }

    public Task<TagOwner?> FindOwnerAsync(string tag, CancellationToken cancellationToken)
    {
        return Task.FromResult(database.Read(db =>
        {
            if (LiteDbTagRows.Owners(db.GetCollection(UserTags), tag).FirstOrDefault() is { } user)
            {
                return new TagOwner(user.AsInt64, null);
            }

            return LiteDbTagRows.Owners(db.GetCollection(TopicTags), tag).FirstOrDefault() is { } topic
                ? new TagOwner(0, topic.AsString)
                : (TagOwner?)null;
        }));
    }

    /// <summary>The topic's subscriptions that are not deleted, with a channel's readers (subscribed as <c>chn…</c>).</summary>
    private static int SubscriberCount(LiteDatabase db, string topic, bool isChannel)
    {
        var subscriptions = db.GetCollection(Subscriptions);
        var count = subscriptions.Count(Query.And(Query.EQ("topic", topic), Query.EQ("deleted", BsonValue.Null)));
        return isChannel
            ? count + subscriptions.Count(Query.And(Query.EQ("topic", Protocol.Names.TopicNames.GroupToChannel(topic)), Query.EQ("deleted", BsonValue.Null)))
            : count;
    }

    private static Dictionary<T, (int Score, HashSet<int> Groups)> Score<T>(ILiteCollection<BsonDocument> rows, IReadOnlyList<TagSearchTerm> terms, Func<BsonValue, T> owner)
        where T : notnull
    {
        var hits = new Dictionary<T, (int Score, HashSet<int> Groups)>();
        foreach (var term in terms)
        {
            foreach (var value in LiteDbTagRows.Owners(rows, term.Tag))
            {
                var key = owner(value);
                var hit = hits.TryGetValue(key, out var existing) ? existing : (0, []);
                if (term.Group is { } group)
                {
                    hit.Groups.Add(group);
                }

                hits[key] = (hit.Score + term.Weight, hit.Groups);
            }
        }

        return hits;
    }
}
