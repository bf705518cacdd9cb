
namespace Broker.Sessions;

/// <summary>Session log events. Never logs message content, secrets or tokens.</summary>
internal sealed partial class SessionLog(ILogger<Session> logger)
{
    /// <summary>Starts the connection's logging scope; every line logged while the session runs carries it.</summary>
    public IDisposable? BeginScope(Session session) => logger.BeginScope(new SessionLogScope(session));

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Session {SessionId} connected from {RemoteAddress}")]
    public partial void Connected(string sessionId, string remoteAddress);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Session {SessionId} closed")]
    public partial void Closed(string sessionId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Session {SessionId} (user {UserId}) cannot keep up: {Bytes} bytes queued, past its outbox budget, closing with 1008")]
    public partial void SlowConsumer(string sessionId, string userId, long bytes);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Session {SessionId} sent a message larger than {Limit} bytes, closing with 1009")]
    public partial void MessageTooLarge(string sessionId, int limit);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Session {SessionId} connection lost: {Reason}")]
    public partial void ConnectionLost(string sessionId, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "Session {SessionId} (user {UserId}) failed handling a {Frame} frame")]
    public partial void DispatchFailed(Exception exception, string sessionId, string userId, string frame);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "User {UserId} logged in on session {SessionId} with scheme {Scheme}")]
    public partial void LoggedIn(string userId, string sessionId, string scheme);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Login failed for session {SessionId} from {RemoteAddress} with scheme {Scheme}")]
    public partial void LoginFailed(string sessionId, string remoteAddress, string scheme);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "User {UserId} created on session {SessionId}")]
    public partial void AccountCreated(string userId, string sessionId);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Session {SessionId} (user {UserId}) from {RemoteAddress} kept flooding past its rate limit, closing with 1008 once what is under way is answered")]
    public partial void Flooding(string sessionId, string userId, string remoteAddress);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Credentials from {RemoteAddress} on session {SessionId} refused for {RetryAfter}: too many failures")]
    public partial void LoginThrottled(string sessionId, string remoteAddress, TimeSpan retryAfter);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Debug, Message = "Credentials from {RemoteAddress} on session {SessionId} refused again for {RetryAfter}")]
    public partial void LoginThrottledAgain(string sessionId, string remoteAddress, TimeSpan retryAfter);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Session {SessionId} (user {UserId}) has one of the largest backlogs ({Bytes} bytes) while all outboxes together reached the process budget, closing with 1008")]
    public partial void OverOutboxBudget(string sessionId, string userId, long bytes);
}
