using Broker.Protocol.Names;

namespace Broker.Topics;

/// <summary>
/// A topic as the hub knows it (<c>Routable</c>: <c>usr…</c> for a user's me, <c>p2p…</c>, <c>grp…</c>, <c>emc…</c>) and as the
/// client named it (<c>ClientName</c>: <c>me</c>, the peer's <c>usr…</c>, <c>grp…</c>, <c>chn…</c> for a channel reader).
/// <c>IsChannel</c>: a new group (<c>nch…</c>) that is also a channel.
/// </summary>
internal sealed record TopicTarget(string Routable, TopicCategory Category, string ClientName, bool IsNew = false, bool IsChannel = false)
{
    /// <summary>The client addresses a channel as its reader (<c>chn…</c>).</summary>
    public bool AsReader => ClientName.StartsWith(Protocol.Names.TopicNames.ChannelPrefix, StringComparison.Ordinal);
}
