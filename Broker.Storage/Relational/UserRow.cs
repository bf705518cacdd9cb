using Broker.Protocol.Access;

namespace Broker.Storage.Relational;

/// <summary>A <c>users</c> row as Dapper reads and binds it.</summary>
internal sealed class UserRow
{
    public long Id { get; set; }
    public long Created { get; set; }
    public long Updated { get; set; }
    public int State { get; set; }
    public int DefAuth { get; set; }
    public int DefAnon { get; set; }
    public string? Public { get; set; }
    public string? Trusted { get; set; }
    public string Tags { get; set; } = "[]";
    public long? LastSeen { get; set; }
    public string? UserAgent { get; set; }
    public string? RateLimits { get; set; }
    public string? Private { get; set; }

    public static UserRow From(UserRecord user) => new()
    {
        Id = user.Id,
        Created = UnixTime.ToMs(user.Created),
        Updated = UnixTime.ToMs(user.Updated),
        State = (int)user.State,
        DefAuth = (int)user.DefaultAuth,
        DefAnon = (int)user.DefaultAnon,
        Public = user.Public,
        Trusted = user.Trusted,
        Tags = TagsJson.Serialize(user.Tags),
        LastSeen = UnixTime.ToMs(user.LastSeen),
        UserAgent = user.UserAgent,
        Private = user.Private,
    };

    public UserRecord ToRecord() => new()
    {
        Id = Id,
        Created = UnixTime.FromMs(Created),
        Updated = UnixTime.FromMs(Updated),
        State = (UserState)State,
        DefaultAuth = (AccessMode)DefAuth,
        DefaultAnon = (AccessMode)DefAnon,
        Public = Public,
        Trusted = Trusted,
        Tags = TagsJson.Deserialize(Tags),
        LastSeen = UnixTime.FromMs(LastSeen),
        UserAgent = UserAgent,
        RateLimits = RateLimitsJson.Deserialize(RateLimits),
        Private = Private,
    };
}
