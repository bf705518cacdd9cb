using Broker.Protocol.Names;

namespace Broker.Storage.Relational;

/// <summary>Group topics are the names in [<c>grp</c>, <see cref="PrefixEnd"/>), an index range on the topic name.</summary>
internal static class GroupNames
{
    /// <summary>The smallest string after every name that starts with the group prefix.</summary>
    public static readonly string PrefixEnd = PrefixEndOf(TopicNames.GroupPrefix);

    /// <summary>The smallest string after every name that starts with <paramref name="prefix"/>.</summary>
    public static string PrefixEndOf(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
