namespace Broker.Storage.Relational;

/// <summary>A row of <c>files</c>.</summary>
internal sealed class FileRow
{
    public string Id { get; set; } = string.Empty;
    public long UserId { get; set; }
    public string Mime { get; set; } = string.Empty;
    public long Size { get; set; }
    public long Created { get; set; }
    public long Ready { get; set; }

    public FileRecord ToRecord() => new(Id, UserId, Mime, Size, UnixTime.FromMs(Created), Ready != 0);
}
