using Broker.Protocol.Access;

namespace Broker.Storage.Relational;

/// <summary>A <c>topics</c> row as Dapper reads and binds it.</summary>
internal sealed class TopicRow
{
    public string Name { get; set; } = "";
    public long Created { get; set; }
    public long Updated { get; set; }
    public long Touched { get; set; }
    public long Owner { get; set; }
    public int DefAuth { get; set; }
    public int DefAnon { get; set; }
    public string? Public { get; set; }
    public string? Trusted { get; set; }
    public string Tags { get; set; } = "[]";
    public long Seq { get; set; }
    public long DelId { get; set; }
    public string? Aux { get; set; }
    public int IsChan { get; set; }

    public static TopicRow From(TopicRecord topic) => new()
    {
        Name = topic.Name,
        Created = UnixTime.ToMs(topic.Created),
        Updated = UnixTime.ToMs(topic.Updated),
        Touched = UnixTime.ToMs(topic.Touched),
        Owner = topic.Owner,
        DefAuth = (int)topic.DefaultAuth,
        DefAnon = (int)topic.DefaultAnon,
        Public = topic.Public,
        Trusted = topic.Trusted,
        Tags = TagsJson.Serialize(topic.Tags),
        Seq = topic.Seq,
        DelId = topic.DelId,
        Aux = topic.Aux,
        IsChan = topic.IsChannel ? 1 : 0,
    };

    public TopicRecord ToRecord() => new()
    {
        Name = Name,
        Created = UnixTime.FromMs(Created),
        Updated = UnixTime.FromMs(Updated),
        Touched = UnixTime.FromMs(Touched),
        Owner = Owner,
        DefaultAuth = (AccessMode)DefAuth,
        DefaultAnon = (AccessMode)DefAnon,
        Public = Public,
        Trusted = Trusted,
        Tags = TagsJson.Deserialize(Tags),
        Seq = Seq,
        DelId = DelId,
        Aux = Aux,
        IsChannel = IsChan != 0,
    };
}
