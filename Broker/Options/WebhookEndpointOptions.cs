namespace Broker.Options;

/// <summary>One webhook receiver.</summary>
public sealed class WebhookEndpointOptions
{
    public string Url { get; set; } = string.Empty;

    /// <summary>HMAC-SHA256 key of the <c>X-Broker-Signature</c> header. A secret: set it from the environment.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>Events to send (<c>message.published</c>, <c>message.offline</c>, <c>subscription.changed</c>, <c>topic.deleted</c>, <c>report.created</c>); empty = all.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>Whether message and report events carry the content (off: topic, seq, from and head only).</summary>
    public bool IncludeContent { get; set; }

    public bool Wants(string eventName) => Events.Count == 0 || Events.Contains(eventName);
}
