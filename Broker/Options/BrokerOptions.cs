using System.ComponentModel.DataAnnotations;

namespace Broker.Options;

/// <summary>Protocol limits and transport settings, bound from the <c>Broker</c> section.</summary>
public sealed class BrokerOptions
{
    public const string Section = "Broker";

    /// <summary>Largest WebSocket message accepted; a larger one closes the connection with 1009.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxMessageSize { get; set; } = 256 * 1024;

    /// <summary>Members a group may have; one more answers 422.</summary>
    [Range(2, 1_000_000)]
    public int MaxSubscriberCount { get; set; } = 256;

    [Range(1, 1024)]
    public int MaxTagCount { get; set; } = 16;

    /// <summary>Interval of WebSocket keep-alive pings.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>A connection that answers no ping within this time is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(55);

    /// <summary>When not empty, every WebSocket upgrade must carry one of these keys (header X-Tinode-APIKey or query apikey).</summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Frames a session may have queued for sending; past it the session is a slow consumer and is closed.</summary>
    [Range(16, 1_000_000)]
    public int OutboxCapacity { get; set; } = 2048;

    /// <summary>Commands a topic may have queued; past it requests are answered 503.</summary>
    [Range(16, 1_000_000)]
    public int TopicQueueCapacity { get; set; } = 4096;

    /// <summary>Most publishes appended in one store transaction.</summary>
    [Range(1, 10_000)]
    public int PublishBatchMax { get; set; } = 512;

    /// <summary>A topic with no attached session is unloaded after this long.</summary>
    public TimeSpan TopicIdleTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest page of messages one {get data} returns.</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 100;

    /// <summary>Largest list one {get sub} or {get del} returns.</summary>
    [Range(1, 100_000)]
    public int MaxResults { get; set; } = 1024;
}
