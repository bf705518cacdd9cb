namespace Broker.Protocol.Client;

/// <summary>Top-level <c>extra</c>; only root sessions may use <c>obo</c>/<c>authlevel</c>.</summary>
public sealed class MsgExtra
{
    public string[]? Attachments { get; set; }
    public string? Obo { get; set; }
    public string? AuthLevel { get; set; }

    /// <summary>
    /// An idempotency key for a <c>{pub}</c> (a Broker extension): a resend with the same key in the same topic is
    /// answered with the first message's seq and stored once.
    /// </summary>
    public string? Idk { get; set; }
}
