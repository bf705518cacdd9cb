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

    /// <summary>Literal API keys accepted besides those signed with <c>Auth:ApiKeySalt</c> (header X-Tinode-APIKey, query or cookie apikey).</summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>Commands a topic may have queued; past it a client's request waits up to <see cref="TopicQueueWait"/>.</summary>
    [Range(16, 1_000_000)]
    public int TopicQueueCapacity { get; set; } = 4096;

    /// <summary>
    /// How long a client's request waits for room in a full topic queue before it is answered 503. While it waits
    /// the session reads nothing more from its socket, so a publisher faster than the topic is slowed down (TCP
    /// back-pressure) instead of refused. Zero answers 503 at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan TopicQueueWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a {pub}'s <c>extra.idk</c> is remembered: a resend with the same key by the same user in the same
    /// topic within it stores nothing and is answered with the first message's seq.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Most publishes appended in one store transaction.</summary>
    [Range(1, 10_000)]
    public int PublishBatchMax { get; set; } = 512;

    /// <summary>
    /// While a topic acknowledges and fans out one publish batch, the store appends the next one (false: one batch at
    /// a time, append then deliver). Off by default: on two shared cores with a fast fsync it made the batches smaller
    /// and the throughput lower (BENCHMARKS.md); it pays where the store's commit is slow compared to the fan-out.
    /// </summary>
    public bool PipelinePublishes { get; set; }

    /// <summary>
    /// Attached sessions from which a publish batch is delivered from several threads (one slice of the sessions per
    /// core, each slice in order); below it, or at 0, the topic's own thread delivers alone.
    /// </summary>
    [Range(0, 10_000_000)]
    public int ParallelFanOutThreshold { get; set; } = 1_000;

    /// <summary>
    /// How long a session that wrote less than this long ago, with less than <see cref="WriteCoalesceBytes"/> queued,
    /// waits before it writes again, so that the frames of a stream share one socket write (and the client one read).
    /// A session that was quiet writes at once. Zero turns it off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan WriteCoalesceDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>A session with at least this many bytes queued writes without waiting for <see cref="WriteCoalesceDelay"/>.</summary>
    [Range(0, 16 * 1024 * 1024)]
    public int WriteCoalesceBytes { get; set; } = 16 * 1024;

    /// <summary>A topic with no attached session is unloaded after this long.</summary>
    public TimeSpan TopicIdleTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest page of messages one {get data} returns.</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 100;

    /// <summary>Largest list one {get sub} or {get del} returns.</summary>
    [Range(1, 100_000)]
    public int MaxResults { get; set; } = 1024;

    /// <summary>Bytes a session may have queued for sending (sum of frame lengths); past it the session is a slow consumer and is closed.</summary>
    [Range(4096, int.MaxValue)]
    public int OutboxMaxBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Bytes all sessions together may have queued for sending; when reached, the sessions with the largest backlogs
    /// are closed as slow consumers until the total is back under nine tenths of it. 0 = a quarter of the memory
    /// available to the process.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long OutboxBudgetBytes { get; set; }

    /// <summary>WebSocket connections the broker serves at once; one more upgrade is answered HTTP 503. 0 = no limit.</summary>
    [Range(0, 10_000_000)]
    public int MaxConnections { get; set; } = 50_000;

    /// <summary>WebSocket connections one remote address may hold at once; one more upgrade is answered HTTP 503. 0 = no limit.</summary>
    [Range(0, 10_000_000)]
    public int MaxConnectionsPerAddress { get; set; } = 1_000;

    /// <summary>Topics one session may be attached to at once; one more {sub} answers 422.</summary>
    [Range(1, 1_000_000)]
    public int MaxAttachedTopicsPerSession { get; set; } = 1_024;

    /// <summary>Topics (active group and p2p subscriptions) a user may hold; creating or joining one more answers 422.</summary>
    [Range(1, 10_000_000)]
    public int MaxTopicsPerUser { get; set; } = 4_096;

    /// <summary>
    /// Origins a browser may open a WebSocket from (exact match of the Origin header, e.g. <c>https://chat.example.com</c>).
    /// Empty allows any origin; requests without an Origin header (non-browser clients) are always allowed.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a graceful shutdown may take (sessions told 205 and closed, topics drained) before the host gives up.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
