namespace Broker.Topics;

/// <summary>Log events of the <c>sys</c> topic (never the report's content).</summary>
internal sealed partial class TopicLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Abuse report {ReportId} from user {UserId} about {Target}")]
    public partial void ReportStored(long reportId, string userId, string? target);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Abuse report from user {UserId} could not be stored")]
    public partial void ReportFailed(Exception exception, string userId);
}
