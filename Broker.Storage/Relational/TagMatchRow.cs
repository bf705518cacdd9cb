using Broker.Protocol.Access;

namespace Broker.Storage.Relational;

/// <summary>One row of the tag search: a user (<c>Kind</c> 0) or a topic (1) with its score.</summary>
internal sealed class TagMatchRow
{
    public int Kind { get; set; }
    public long UserId { get; set; }
    public string? Topic { get; set; }
    public long Created { get; set; }
    public long Updated { get; set; }
    public int DefAuth { get; set; }
    public int DefAnon { get; set; }
    public string? Public { get; set; }
    public string? Trusted { get; set; }
    public string Tags { get; set; } = "[]";
    public long Score { get; set; }
    public long IsChannel { get; set; }
    public long SubCount { get; set; }

    public TagMatch ToMatch() => new()
    {
        UserId = Kind == 0 ? UserId : 0,
        Topic = Kind == 0 ? null : Topic,
        Created = UnixTime.FromMs(Created),
        Updated = UnixTime.FromMs(Updated),
        DefaultAuth = (AccessMode)DefAuth,
        DefaultAnon = (AccessMode)DefAnon,
        Public = Public,
        Trusted = Trusted,
        Tags = TagsJson.Deserialize(Tags),
        Score = (int)Score,
        IsChannel = IsChannel != 0,
        SubscriberCount = (int)SubCount,
    };
}
