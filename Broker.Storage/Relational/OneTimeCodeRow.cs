namespace Broker.Storage.Relational;

/// <summary>A <c>one_time_codes</c> row as Dapper reads and binds it.</summary>
internal sealed class OneTimeCodeRow
{
    public string Purpose { get; set; } = "";
    public string Subject { get; set; } = "";
    public long UserId { get; set; }
    public string Value { get; set; } = "";
    public string CodeHash { get; set; } = "";
    public long Expires { get; set; }
    public int Attempts { get; set; }

    public static OneTimeCodeRow From(OneTimeCode code) => new()
    {
        Purpose = code.Purpose,
        Subject = code.Subject,
        UserId = code.UserId,
        Value = code.Value,
        CodeHash = code.CodeHash,
        Expires = UnixTime.ToMs(code.Expires),
        Attempts = code.Attempts,
    };

    public OneTimeCode ToRecord() => new(Purpose, Subject, UserId, Value, CodeHash, UnixTime.FromMs(Expires), Attempts);
}
