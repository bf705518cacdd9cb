namespace Broker.Transport;

/// <summary>WebSocket upgrade log events.</summary>
internal sealed partial class TransportLog(ILogger<TransportLog> logger)
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Upgrade from {RemoteAddress} refused with 503: {Reason}")]
    public partial void UpgradeRefused(string remoteAddress, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Upgrade from {RemoteAddress} refused with 403: origin {Origin} is not allowed")]
    public partial void OriginRefused(string remoteAddress, string origin);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Connection from {RemoteAddress} closed; {Open} open")]
    public partial void ConnectionReleased(string remoteAddress, int open);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Upgrade from {RemoteAddress} refused with 403: missing or invalid API key")]
    public partial void ApiKeyRefused(string remoteAddress);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Long polling session {SessionId} abandoned by its client: closed")]
    public partial void LongPollExpired(string sessionId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Long polling request from {RemoteAddress} refused with 403: invalid or expired session")]
    public partial void LongPollSessionNotFound(string remoteAddress);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Long polling request from {RemoteAddress} refused: {Reason}")]
    public partial void LongPollRefused(string remoteAddress, string reason);
}
