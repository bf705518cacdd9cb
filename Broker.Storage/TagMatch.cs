using Broker.Protocol.Access;

namespace Broker.Storage;

/// <summary>A user (<see cref="UserId"/> non-zero) or topic (<see cref="Topic"/>) found by a <see cref="TagSearch"/>.</summary>
public sealed record TagMatch
{
    /// <summary>The user found; 0 when a topic was found.</summary>
    public long UserId { get; init; }

    /// <summary>The topic found; null when a user was found.</summary>
    public string? Topic { get; init; }

    public required DateTime Created { get; init; }
    public required DateTime Updated { get; init; }
    public AccessMode DefaultAuth { get; init; }
    public AccessMode DefaultAnon { get; init; }
    public string? Public { get; init; }
    public string? Trusted { get; init; }

    /// <summary>Every tag the user or topic holds (the caller picks the matched ones).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public int Score { get; init; }

    /// <summary>A topic found that is a channel (shown as <c>chn…</c>, as Tinode's search does).</summary>
    public bool IsChannel { get; init; }

    /// <summary>A topic's subscriptions that are not deleted, channel readers included (Tinode's <c>subcnt</c>); 0 for a user.</summary>
    public int SubscriberCount { get; init; }
}
