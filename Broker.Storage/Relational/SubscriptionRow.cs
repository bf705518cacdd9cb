using Broker.Protocol.Access;

namespace Broker.Storage.Relational;

/// <summary>A <c>subscriptions</c> row as Dapper reads and binds it.</summary>
internal sealed class SubscriptionRow
{
    public string Topic { get; set; } = "";
    public long UserId { get; set; }
    public long Created { get; set; }
    public long Updated { get; set; }
    public long? Deleted { get; set; }
    public int Want { get; set; }
    public int Given { get; set; }
    public long ReadSeq { get; set; }
    public long RecvSeq { get; set; }
    public long DelId { get; set; }
    public string? Private { get; set; }

    public static SubscriptionRow From(SubscriptionRecord subscription) => new()
    {
        Topic = subscription.Topic,
        UserId = subscription.UserId,
        Created = UnixTime.ToMs(subscription.Created),
        Updated = UnixTime.ToMs(subscription.Updated),
        Deleted = UnixTime.ToMs(subscription.Deleted),
        Want = (int)subscription.Want,
        Given = (int)subscription.Given,
        ReadSeq = subscription.ReadSeq,
        RecvSeq = subscription.RecvSeq,
        DelId = subscription.DelId,
        Private = subscription.Private,
    };

    public SubscriptionRecord ToRecord() => new()
    {
        Topic = Topic,
        UserId = UserId,
        Created = UnixTime.FromMs(Created),
        Updated = UnixTime.FromMs(Updated),
        Deleted = UnixTime.FromMs(Deleted),
        Want = (AccessMode)Want,
        Given = (AccessMode)Given,
        ReadSeq = ReadSeq,
        RecvSeq = RecvSeq,
        DelId = DelId,
        Private = Private,
    };
}
