namespace Broker.Admin;

internal static partial class BackupLog
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Backup {File} written ({Size} bytes)")]
    public static partial void Written(ILogger logger, string file, long size);
}
