using System.ComponentModel.DataAnnotations;

namespace Broker.Options;

/// <summary>Long polling at <c>/v0/channels/lp</c> (for clients that cannot open a WebSocket), bound from the <c>LongPoll</c> section.</summary>
public sealed class LongPollOptions
{
    public const string Section = "LongPoll";

    /// <summary>Serve long polling; off answers 404 at <c>/v0/channels/lp</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a poll waits for a frame before it is answered 200 with an empty body (Tinode: 49.5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(50);

    /// <summary>
    /// A long polling session with no request under way for this long is abandoned: it is closed and its <c>sid</c>
    /// answers 403 "invalid or expired session" (Tinode: 70 s). Must be longer than <see cref="PollTimeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(70);
}
