namespace Broker.Protocol.Names;

/// <summary>The kind of a topic, from its name.</summary>
public enum TopicCategory
{
    Unknown = 0,
    Me,
    Fnd,
    Slf,
    Sys,
    P2P,
    Group,
    Channel,

    /// <summary>External message channel (<c>emc…</c>): SMS and WhatsApp conversations bridged from a gateway.</summary>
    Emc,
}
