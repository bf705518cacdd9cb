using System.ComponentModel.DataAnnotations;

namespace Broker.Options;

/// <summary>
/// Webhooks: <c>Broker:Webhooks</c> is the list of receivers, <c>Broker:WebhookDelivery</c> tunes delivery. Events are
/// queued off the hot path and posted as signed JSON, with retries; see docs/webhooks in docs/server-api.md.
/// </summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string EndpointsSection = "Broker:Webhooks";
    public const string DeliverySection = "Broker:WebhookDelivery";

    public static readonly string[] KnownEvents = ["message.published", "message.offline", "subscription.changed", "topic.deleted", "report.created"];

    public List<WebhookEndpointOptions> Endpoints { get; set; } = [];

    /// <summary>Events waiting to be sent, per receiver and in total; past it new events are dropped (and counted).</summary>
    [Range(1, 10_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Attempts per event and receiver, the first included; then the event is dropped with a log line.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The wait before the first retry; each further retry waits about twice as long (with jitter).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Time limit of one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Endpoints.Count; i++)
        {
            var endpoint = Endpoints[i];
            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return new ValidationResult($"Broker:Webhooks:{i}:Url must be an absolute http(s) URL.");
            }

            if (string.IsNullOrEmpty(endpoint.Secret) || endpoint.Secret.Length < 16)
            {
                yield return new ValidationResult($"Broker:Webhooks:{i}:Secret must be at least 16 characters.");
            }

            foreach (var name in endpoint.Events.Where(e => !KnownEvents.Contains(e)))
            {
                yield return new ValidationResult($"Broker:Webhooks:{i}:Events has an unknown event '{name}'; known: {string.Join(", ", KnownEvents)}.");
            }
        }

        if (FirstRetryDelay <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Broker:WebhookDelivery delays must be positive.");
        }
    }
}
