namespace Broker.Storage.Relational;

/// <summary>A <c>messages</c> row as Dapper reads it.</summary>
internal sealed class MessageRow
{
    public string Topic { get; set; } = "";
    public long Seq { get; set; }
    public long FromUser { get; set; }
    public long Ts { get; set; }
    public string? Head { get; set; }
    public string? Content { get; set; }

    public StoredMessage ToRecord() => new(Topic, Seq, FromUser, UnixTime.FromMs(Ts), Head, Content);
}
