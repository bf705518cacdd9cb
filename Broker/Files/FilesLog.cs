namespace Broker.Files;

/// <summary>Upload, download and sweeper log events (7001-7019). File ids are logged, never contents or tokens.</summary>
internal sealed partial class FilesLog(ILogger<FilesLog> logger)
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "File {FileId} uploaded by user {UserId}: {Size} bytes of {MimeType}")]
    public partial void Uploaded(string fileId, long userId, long size, string mimeType);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Upload refused with {Status}: {Reason}")]
    public partial void UploadRefused(int status, string reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Upload of file {FileId} failed")]
    public partial void UploadFailed(Exception exception, string fileId);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Deleted {Count} unused files")]
    public partial void Swept(int count);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "Sweeping unused files failed; retrying at the next interval")]
    public partial void SweepFailed(Exception exception);
}
