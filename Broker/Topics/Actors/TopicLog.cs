
namespace Broker.Topics;

/// <summary>Topic log events. Never logs message content.</summary>
internal sealed partial class TopicLog(ILogger logger)
{
    /// <summary>Starts a topic actor's logging scope; the actor's loop runs inside it.</summary>
    public IDisposable? BeginScope(string topic) => logger.BeginScope(new TopicLogScope(topic));

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Topic {Topic} loaded")]
    public partial void Loaded(string topic);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Topic {Topic} unloaded")]
    public partial void Unloaded(string topic);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Topic {Topic} failed handling {Command} from session {SessionId}")]
    public partial void CommandFailed(Exception exception, string topic, string command, string? sessionId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Topic {Topic} failed to load")]
    public partial void LoadFailed(Exception exception, string topic);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Topic {Topic} could not store a batch of {Count} messages; all were refused with 500")]
    public partial void AppendFailed(Exception exception, string topic, int count);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Topic {Topic} created by {UserId}")]
    public partial void Created(string topic, string userId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Topic {Topic} deleted by {UserId}")]
    public partial void Deleted(string topic, string userId);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Topic {Topic} was claimed by a newer activation; this one stops")]
    public partial void Fenced(string topic);

    [LoggerMessage(EventId = 2050, Level = LogLevel.Warning, Message = "Topic {Topic} could not link the files its message or avatar refers to")]
    public partial void FileLinkFailed(Exception exception, string topic);
}
