using System.ComponentModel.DataAnnotations;

namespace Broker.Options;

/// <summary>
/// The external message channel (<c>emc…</c> topics), bound from <c>Broker:Emc</c>: the gateway that sends SMS and
/// WhatsApp messages, the channels it offers, and how the outbox retries. See docs/server-api.md.
/// </summary>
public sealed class EmcOptions : IValidatableObject
{
    public const string Section = "Broker:Emc";

    /// <summary>The channels a client may name in <c>head.emc.channel</c> when none are configured.</summary>
    public static readonly string[] DefaultChannels = ["sms", "whatsapp"];

    /// <summary>
    /// Where outbound messages are posted (absolute http(s) URL). Empty: outbound messages are stored and wait in the
    /// outbox until a URL is configured.
    /// </summary>
    public string? OutboundUrl { get; set; }

    /// <summary>HMAC-SHA256 key of the <c>X-Broker-Signature</c> header of outbound posts. A secret: set it from the environment.</summary>
    public string? Secret { get; set; }

    /// <summary>Channels a client may send on; empty means <see cref="DefaultChannels"/>. The first is used when a publish names none.</summary>
    public string[] Channels { get; set; } = [];

    /// <summary>How often the outbox is checked for messages due when nothing new was published.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait after the first failed attempt; each further failure waits about twice as long (with jitter), up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time limit of one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Outbox entries taken per round.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Posts to the gateway in flight at once.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 8;

    public IReadOnlyList<string> EffectiveChannels => Channels.Length > 0 ? Channels : DefaultChannels;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(OutboundUrl))
        {
            if (!Uri.TryCreate(OutboundUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return new ValidationResult("Broker:Emc:OutboundUrl must be an absolute http(s) URL.", [nameof(OutboundUrl)]);
            }

            if (string.IsNullOrEmpty(Secret) || Secret.Length < 16)
            {
                yield return new ValidationResult("Broker:Emc:Secret must be at least 16 characters when an OutboundUrl is set.", [nameof(Secret)]);
            }
        }

        if (Channels.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("Broker:Emc:Channels must not hold empty names.", [nameof(Channels)]);
        }

        if (PollInterval <= TimeSpan.Zero || FirstRetryDelay <= TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay || RequestTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Broker:Emc delays must be positive and MaxRetryDelay at least FirstRetryDelay.");
        }
    }
}
