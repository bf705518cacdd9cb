namespace Broker.Storage.Relational;

/// <summary>A <c>reports</c> row as Dapper reads it.</summary>
internal sealed class ReportRow
{
    public long Id { get; set; }
    public long Reporter { get; set; }
    public long Created { get; set; }
    public string? Action { get; set; }
    public string? Target { get; set; }
    public string? Head { get; set; }
    public string Content { get; set; } = "";

    public ReportRecord ToRecord() => new(Id, Reporter, UnixTime.FromMs(Created), Action, Target, Head, Content);
}
