using Broker.Protocol.Names;

namespace Broker.Storage;

/// <summary>Where a group's channel readers' subscriptions live: under the group's <c>chn…</c> twin name.</summary>
internal static class ChannelReaders
{
    /// <summary>The <c>chn…</c> name of group <paramref name="topic"/>, or null when it is no group.</summary>
    public static string? TopicOf(string topic) =>
        topic.StartsWith(TopicNames.GroupPrefix, StringComparison.Ordinal) ? TopicNames.GroupToChannel(topic) : null;
}
