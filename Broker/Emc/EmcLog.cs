namespace Broker.Emc;

/// <summary>Outbox log events. Never logs bodies, addresses, secrets or signatures.</summary>
internal sealed partial class EmcLog(ILogger<EmcOutboxDispatcher> logger)
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Debug, Message = "Emc message {Topic}:{Seq} handed to the gateway")]
    public partial void Delivered(string topic, long seq);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Emc message {Topic}:{Seq}: attempt {Attempt} failed ({Outcome}), retrying at {DueAt:o}")]
    public partial void Retrying(string topic, long seq, int attempt, string outcome, DateTime dueAt);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Emc outbox round failed; retrying after the poll interval")]
    public partial void RoundFailed(Exception exception);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Information, Message = "Emc outbox is not delivered: Broker:Emc:OutboundUrl is not set; outbound messages wait in the outbox")]
    public partial void NoGateway();
}
