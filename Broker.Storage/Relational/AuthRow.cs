namespace Broker.Storage.Relational;

/// <summary>An <c>auth</c> row as Dapper reads and binds it.</summary>
internal sealed class AuthRow
{
    public long UserId { get; set; }
    public string Scheme { get; set; } = "";
    public string Uniq { get; set; } = "";
    public string Secret { get; set; } = "";
    public int AuthLevel { get; set; }

    public static AuthRow From(AuthRecord auth) => new()
    {
        UserId = auth.UserId,
        Scheme = auth.Scheme,
        Uniq = auth.Unique,
        Secret = auth.Secret,
        AuthLevel = auth.AuthLevel,
    };

    public AuthRecord ToRecord() => new(UserId, Scheme, Uniq, Secret, AuthLevel);
}
