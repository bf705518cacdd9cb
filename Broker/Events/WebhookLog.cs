namespace Broker.Events;

/// <summary>Webhook log events. Never logs bodies, secrets or signatures.</summary>
internal sealed partial class WebhookLog(ILogger<WebhookDispatcher> logger)
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Webhook queue full: dropped {Event} of topic {Topic}")]
    public partial void QueueFull(string @event, string topic);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Webhook receiver {Url} is behind: dropped {Event} {EventId}")]
    public partial void ReceiverQueueFull(string url, string @event, string eventId);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "Webhook {Event} {EventId} to {Url}: attempt {Attempt} failed ({Outcome}), retrying in {Delay}")]
    public partial void Retrying(string @event, string eventId, string url, int attempt, string outcome, TimeSpan delay);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Error, Message = "Webhook {Event} {EventId} to {Url} dropped after {Attempts} attempts: {Outcome}")]
    public partial void Dropped(string @event, string eventId, string url, int attempts, string outcome);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Debug, Message = "Webhook {Event} {EventId} delivered to {Url}")]
    public partial void Delivered(string @event, string eventId, string url);
}
