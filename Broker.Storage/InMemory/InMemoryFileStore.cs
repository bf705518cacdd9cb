namespace Broker.Storage.InMemory;

/// <summary>File records and links in memory; liveness is read from the same state as messages, topics and users.</summary>
internal sealed class InMemoryFileStore(InMemoryState state) : IFileStore
{
    private readonly Dictionary<string, FileRecord> files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(string Topic, long Seq, long UserId)>> links = new(StringComparer.Ordinal);

    public Task CreateAsync(FileRecord file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        lock (state.Gate)
        {
            if (!files.TryAdd(file.Id, file with { Size = 0, Ready = false }))
            {
                throw new DuplicateKeyException($"file {file.Id} exists");
            }
        }

        return Task.CompletedTask;
    }

    public Task CompleteAsync(string id, long size, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            if (files.TryGetValue(id, out var file))
            {
                files[id] = file with { Size = size, Ready = true };
            }
        }

        return Task.CompletedTask;
    }

    public Task<FileRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            return Task.FromResult(files.GetValueOrDefault(id));
        }
    }

    public Task LinkMessagesAsync(string topic, IReadOnlyList<MessageFileLink> links, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        lock (state.Gate)
        {
            foreach (var link in links)
            {
                Link(link.FileId, (topic, link.Seq, 0));
            }
        }

        return Task.CompletedTask;
    }

    public Task ReplaceAvatarLinksAsync(FileOwner owner, IReadOnlyList<string> fileIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileIds);
        var key = (owner.Topic, 0L, owner.UserId);
        lock (state.Gate)
        {
            foreach (var set in links.Values)
            {
                set.Remove(key);
            }

            foreach (var id in fileIds)
            {
                Link(id, key);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> DeleteUnusedAsync(DateTime createdBefore, int limit, CancellationToken cancellationToken)
    {
        lock (state.Gate)
        {
            List<string> unused = [.. files.Values
                .Where(f => f.Created < createdBefore && !IsInUse(f.Id))
                .OrderBy(f => f.Created)
                .Take(limit)
                .Select(f => f.Id)];
            foreach (var id in unused)
            {
                files.Remove(id);
                links.Remove(id);
            }

            return Task.FromResult<IReadOnlyList<string>>(unused);
        }
    }

    private void Link(string fileId, (string Topic, long Seq, long UserId) key)
    {
        if (!files.ContainsKey(fileId))
        {
            return;
        }

        if (!links.TryGetValue(fileId, out var set))
        {
            links[fileId] = set = [];
        }

        set.Add(key);
    }

    private bool IsInUse(string fileId)
    {
        if (!links.TryGetValue(fileId, out var set))
        {
            return false;
        }

        foreach (var (topic, seq, userId) in set)
        {
            var alive = seq > 0
                ? state.Messages.TryGetValue(topic, out var messages) && messages.TryGetValue(seq, out var message) && message.Content is not null
                : userId != 0 ? state.Users.ContainsKey(userId) : state.Topics.ContainsKey(topic);
            if (alive)
            {
                return true;
            }
        }

        return false;
    }
}
