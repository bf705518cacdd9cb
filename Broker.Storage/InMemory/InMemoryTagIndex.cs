namespace Broker.Storage.InMemory;

/// <summary>Tag search over the in-memory index: looks up each term's owners, never every user.</summary>
internal sealed class InMemoryTagIndex(InMemoryState state) : ITagIndex
{
    public Task<IReadOnlyList<TagMatch>> FindAsync(TagSearch search, CancellationToken cancellationToken)
    {
        var terms = search.Terms();
        var groups = search.RequiredGroupCount;
        var users = new Dictionary<long, (int Score, HashSet<int> Groups)>();
        var topics = new Dictionary<string, (int Score, HashSet<int> Groups)>(StringComparer.Ordinal);
        var result = new List<TagMatch>();
        lock (state.Gate)
        {
            foreach (var term in terms)
            {
                if (state.Tags.Users.TryGetValue(term.Tag, out var userOwners))
                {
                    foreach (var id in userOwners)
                    {
                        Add(users, id, term);
                    }
                }

                if (state.Tags.Topics.TryGetValue(term.Tag, out var topicOwners))
                {
                    foreach (var name in topicOwners)
                    {
                        Add(topics, name, term);
                    }
                }
            }

            foreach (var (id, hit) in users)
            {
                if (hit.Groups.Count == groups && id != search.ExcludeUser && state.Users.TryGetValue(id, out var user) && user.State == UserState.Ok)
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

            foreach (var (name, hit) in topics)
            {
                if (hit.Groups.Count == groups && state.Topics.TryGetValue(name, out var topic))
                {
                    result.Add(new TagMatch
                    {
                        Topic = name,
                        IsChannel = topic.IsChannel,
                        SubscriberCount = state.Subscriptions.Values.Count(s =>
                            s.Deleted is null && (s.Topic == name || (topic.IsChannel && s.Topic == Protocol.Names.TopicNames.GroupToChannel(name)))),
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
        }

        IReadOnlyList<TagMatch> ordered = [.. result
            .OrderByDescending(m => m.Score)
            .ThenBy(m => m.Topic is null ? 0 : 1)
            .ThenBy(m => m.UserId)
            .ThenBy(m => m.Topic, StringComparer.Ordinal)
            .Take(search.Limit)];
        return Task.FromResult(ordered);
    }

    public Task<TagOwner?> FindOwnerAsync(string tag, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (state.Tags.Users.TryGetValue(tag, out var users) && users.Count > 0)
            {
                return Task.FromResult<TagOwner?>(new TagOwner(users.Min(), null));
            }

            if (state.Tags.Topics.TryGetValue(tag, out var topics) && topics.Count > 0)
            {
                return Task.FromResult<TagOwner?>(new TagOwner(0, topics.Min(StringComparer.Ordinal)));
            }
        }

        return Task.FromResult<TagOwner?>(null);
    }

    private static void Add<T>(Dictionary<T, (int Score, HashSet<int> Groups)> hits, T owner, TagSearchTerm term)
        where T : notnull
    {
        if (!hits.TryGetValue(owner, out var hit))
        {
            hit = (0, []);
        }

        if (term.Group is { } group)
        {
            hit.Groups.Add(group);
        }

        hits[owner] = (hit.Score + term.Weight, hit.Groups);
    }
}
