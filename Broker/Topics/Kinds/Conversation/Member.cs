using Broker.Protocol.Access;
using Broker.Storage;

namespace Broker.Topics;

/// <summary>A user's subscription as a topic actor holds it, with the count of that user's attached sessions.</summary>
internal sealed class Member(SubscriptionRecord subscription)
{
    public SubscriptionRecord Sub { get; set; } = subscription;

    public long UserId => Sub.UserId;

    public AccessMode Mode => Sub.Want & Sub.Given;

    public bool IsActive => Sub.Deleted is null;

    public int AttachedSessions { get; set; }
}
