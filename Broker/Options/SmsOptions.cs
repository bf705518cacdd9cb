namespace Broker.Options;

/// <summary>
/// The SMS gateway for <c>tel</c> codes, bound from <c>Auth:Sms</c>: a webhook that receives
/// <c>{"to":"+15551234567","text":"…","code":"123456"}</c> by POST, signed like the broker's webhooks when a secret is set.
/// </summary>
public sealed class SmsOptions
{
    /// <summary>Absolute http(s) URL; empty means no SMS is sent.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>When set, each POST carries <c>X-Broker-Signature: sha256=&lt;hex HMAC of the body&gt;</c>.</summary>
    public string? Secret { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
