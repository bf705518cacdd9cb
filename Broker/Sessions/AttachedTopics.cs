using Broker.Topics;

namespace Broker.Sessions;

/// <summary>
/// The topics one session is attached to, by routable name, written by topic actors and read by the session. Most
/// sessions are attached to a handful (<c>me</c> and the chat on screen), and every idle session pays for this: a
/// <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey,TValue}"/> cost about 0.6 KB a session in a heap
/// dump of 15,000 idle sessions, where a short array under this object's lock costs a few dozen bytes. Past
/// <see cref="SmallLimit"/> topics it switches to a dictionary, so a bot attached to hundreds keeps O(1) look-ups.
/// </summary>
internal sealed class AttachedTopics
{
    private const int SmallLimit = 8;

    private ITopicHandle[]? small;
    private int smallCount;
    private Dictionary<string, ITopicHandle>? large;

    public int Count
    {
        get
        {
            lock (this)
            {
                return large?.Count ?? smallCount;
            }
        }
    }

    public bool Contains(string name) => TryGet(name, out _);

    public bool TryGet(string name, out ITopicHandle handle)
    {
        lock (this)
        {
            if (large is not null)
            {
                return large.TryGetValue(name, out handle!);
            }

            var index = IndexOf(name);
            handle = index >= 0 ? small![index] : null!;
            return index >= 0;
        }
    }

    /// <summary>Adds <paramref name="handle"/> under its name, replacing a handle of the same name.</summary>
    public void Set(ITopicHandle handle)
    {
        lock (this)
        {
            if (large is not null)
            {
                large[handle.Name] = handle;
                return;
            }

            var index = IndexOf(handle.Name);
            if (index >= 0)
            {
                small![index] = handle;
                return;
            }

            if (smallCount == SmallLimit)
            {
                large = new Dictionary<string, ITopicHandle>(SmallLimit * 2, StringComparer.Ordinal);
                foreach (var held in small!)
                {
                    large[held.Name] = held;
                }

                large[handle.Name] = handle;
                small = null;
                smallCount = 0;
                return;
            }

            if (small is null || smallCount == small.Length)
            {
                Array.Resize(ref small, small is null ? 2 : Math.Min(small.Length * 2, SmallLimit));
            }

            small[smallCount++] = handle;
        }
    }

    /// <summary>Removes the handle named <paramref name="name"/>; when <paramref name="only"/> is given, only if it is that one.</summary>
    public bool Remove(string name, ITopicHandle? only = null)
    {
        lock (this)
        {
            if (large is not null)
            {
                if (!large.TryGetValue(name, out var held) || (only is not null && !ReferenceEquals(held, only)))
                {
                    return false;
                }

                return large.Remove(name);
            }

            var index = IndexOf(name);
            if (index < 0 || (only is not null && !ReferenceEquals(small![index], only)))
            {
                return false;
            }

            smallCount--;
            small![index] = small[smallCount];
            small[smallCount] = null!;
            if (smallCount == 0)
            {
                small = null;
            }

            return true;
        }
    }

    /// <summary>A copy of the handles held now.</summary>
    public ITopicHandle[] Snapshot()
    {
        lock (this)
        {
            if (large is not null)
            {
                return [.. large.Values];
            }

            return small is null ? [] : small.AsSpan(0, smallCount).ToArray();
        }
    }

    /// <summary>Empties the set and returns what it held.</summary>
    public ITopicHandle[] TakeAll()
    {
        lock (this)
        {
            var all = Snapshot();
            small = null;
            smallCount = 0;
            large = null;
            return all;
        }
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < smallCount; i++)
        {
            if (string.Equals(small![i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
