namespace Broker.Storage.Relational;

/// <summary>An <c>outbox</c> row joined with its message, as Dapper reads it.</summary>
internal sealed class OutboxRow
{
    public string Topic { get; set; } = "";
    public long Seq { get; set; }
    public long FromUser { get; set; }
    public long Ts { get; set; }
    public string? Head { get; set; }
    public string Content { get; set; } = "";
    public long Attempts { get; set; }
    public long DueAt { get; set; }

    public OutboxEntry ToEntry() => new(Topic, Seq, FromUser, UnixTime.FromMs(Ts), Head, Content, checked((int)Attempts), UnixTime.FromMs(DueAt));
}
