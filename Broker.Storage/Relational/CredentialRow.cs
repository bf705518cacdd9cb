namespace Broker.Storage.Relational;

/// <summary>A <c>credentials</c> row as Dapper reads and binds it.</summary>
internal sealed class CredentialRow
{
    public long UserId { get; set; }
    public string Method { get; set; } = "";
    public string Value { get; set; } = "";
    public bool Done { get; set; }

    public static CredentialRow From(CredentialRecord credential) => new()
    {
        UserId = credential.UserId,
        Method = credential.Method,
        Value = credential.Value,
        Done = credential.Done,
    };

    public CredentialRecord ToRecord() => new(UserId, Method, Value, Done);
}
