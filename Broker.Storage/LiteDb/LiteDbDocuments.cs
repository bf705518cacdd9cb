using Broker.Protocol.Access;
using Broker.Storage.Relational;
using LiteDB;

namespace Broker.Storage.LiteDb;

/// <summary>
/// Records to BSON documents and back, field by field (no reflection mapper). Times are UTC unix milliseconds, JSON
/// values raw text, access modes their integer value.
/// </summary>
internal static class LiteDbDocuments
{
    public static BsonDocument FromUser(UserRecord user) => new()
    {
        ["_id"] = user.Id,
        ["created"] = UnixTime.ToMs(user.Created),
        ["updated"] = UnixTime.ToMs(user.Updated),
        ["state"] = (int)user.State,
        ["defAuth"] = (int)user.DefaultAuth,
        ["defAnon"] = (int)user.DefaultAnon,
        ["public"] = Text(user.Public),
        ["trusted"] = Text(user.Trusted),
        ["tags"] = Tags(user.Tags),
        ["lastSeen"] = Time(user.LastSeen),
        ["userAgent"] = Text(user.UserAgent),
        ["rateLimits"] = Text(Relational.RateLimitsJson.Serialize(user.RateLimits)),
        ["private"] = Text(user.Private),
    };

    public static UserRecord ToUser(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsInt64,
        Created = Time(doc["created"]),
        Updated = Time(doc["updated"]),
        State = (UserState)doc["state"].AsInt32,
        DefaultAuth = (AccessMode)doc["defAuth"].AsInt32,
        DefaultAnon = (AccessMode)doc["defAnon"].AsInt32,
        Public = Text(doc["public"]),
        Trusted = Text(doc["trusted"]),
        Tags = Tags(doc["tags"]),
        LastSeen = NullableTime(doc["lastSeen"]),
        UserAgent = Text(doc["userAgent"]),
        RateLimits = Relational.RateLimitsJson.Deserialize(Text(doc["rateLimits"])),
        Private = Text(doc["private"]),
    };

    /// <summary>Sets the fields <see cref="IUserStore.UpdateAsync"/> replaces.</summary>
    public static void SetMutable(BsonDocument doc, UserRecord user)
    {
        doc["state"] = (int)user.State;
        doc["defAuth"] = (int)user.DefaultAuth;
        doc["defAnon"] = (int)user.DefaultAnon;
        doc["public"] = Text(user.Public);
        doc["trusted"] = Text(user.Trusted);
        doc["tags"] = Tags(user.Tags);
        doc["updated"] = UnixTime.ToMs(user.Updated);
        doc["private"] = Text(user.Private);
    }

    public static BsonDocument FromAuth(AuthRecord auth) => new()
    {
        ["_id"] = LiteDbCollections.AuthKey(auth.Scheme, auth.Unique),
        ["user"] = auth.UserId,
        ["scheme"] = auth.Scheme,
        ["unique"] = auth.Unique,
        ["secret"] = auth.Secret,
        ["level"] = auth.AuthLevel,
    };

    public static AuthRecord ToAuth(BsonDocument doc)
        => new(doc["user"].AsInt64, doc["scheme"].AsString, doc["unique"].AsString, doc["secret"].AsString, doc["level"].AsInt32);

    /// <summary>A credential document; LiteDB gives it an ObjectId key.</summary>
    public static BsonDocument FromCredential(CredentialRecord credential) => new()
    {
        ["user"] = credential.UserId,
        ["method"] = credential.Method,
        ["value"] = credential.Value,
        ["done"] = credential.Done,
    };

    public static CredentialRecord ToCredential(BsonDocument doc)
        => new(doc["user"].AsInt64, doc["method"].AsString, doc["value"].AsString, doc["done"].AsBoolean);

    public static BsonDocument FromTopic(TopicRecord topic) => new()
    {
        ["_id"] = topic.Name,
        ["created"] = UnixTime.ToMs(topic.Created),
        ["updated"] = UnixTime.ToMs(topic.Updated),
        ["touched"] = UnixTime.ToMs(topic.Touched),
        ["owner"] = topic.Owner,
        ["defAuth"] = (int)topic.DefaultAuth,
        ["defAnon"] = (int)topic.DefaultAnon,
        ["public"] = Text(topic.Public),
        ["trusted"] = Text(topic.Trusted),
        ["tags"] = Tags(topic.Tags),
        ["seq"] = topic.Seq,
        ["delId"] = topic.DelId,
        ["aux"] = Text(topic.Aux),
        ["isChan"] = topic.IsChannel,
    };

    /// <summary>The topic's activation epoch (<see cref="ITopicStore.ClaimEpochAsync"/>); a document without one is at 0.</summary>
    public static long EpochOf(BsonDocument topic) => topic.TryGetValue("epoch", out var epoch) && !epoch.IsNull ? epoch.AsInt64 : 0;

    public static TopicRecord ToTopic(BsonDocument doc) => new()
    {
        Name = doc["_id"].AsString,
        Created = Time(doc["created"]),
        Updated = Time(doc["updated"]),
        Touched = Time(doc["touched"]),
        Owner = doc["owner"].AsInt64,
        DefaultAuth = (AccessMode)doc["defAuth"].AsInt32,
        DefaultAnon = (AccessMode)doc["defAnon"].AsInt32,
        Public = Text(doc["public"]),
        Trusted = Text(doc["trusted"]),
        Tags = Tags(doc["tags"]),
        Seq = doc["seq"].AsInt64,
        DelId = doc["delId"].AsInt64,
        Aux = Text(doc["aux"]),
        IsChannel = doc["isChan"].IsBoolean && doc["isChan"].AsBoolean,
    };

    /// <summary>Sets the description fields <see cref="ITopicStore.UpdateAsync"/> replaces (never seq or del id).</summary>
    public static void SetDescription(BsonDocument doc, TopicRecord topic)
    {
        doc["updated"] = UnixTime.ToMs(topic.Updated);
        doc["owner"] = topic.Owner;
        doc["defAuth"] = (int)topic.DefaultAuth;
        doc["defAnon"] = (int)topic.DefaultAnon;
        doc["public"] = Text(topic.Public);
        doc["trusted"] = Text(topic.Trusted);
        doc["tags"] = Tags(topic.Tags);
        doc["aux"] = Text(topic.Aux);
    }

    public static BsonDocument FromSubscription(SubscriptionRecord sub) => new()
    {
        ["_id"] = LiteDbCollections.SubscriptionKey(sub.Topic, sub.UserId),
        ["topic"] = sub.Topic,
        ["user"] = sub.UserId,
        ["created"] = UnixTime.ToMs(sub.Created),
        ["updated"] = UnixTime.ToMs(sub.Updated),
        ["deleted"] = Time(sub.Deleted),
        ["want"] = (int)sub.Want,
        ["given"] = (int)sub.Given,
        ["readSeq"] = sub.ReadSeq,
        ["recvSeq"] = sub.RecvSeq,
        ["delId"] = sub.DelId,
        ["private"] = Text(sub.Private),
    };

    public static SubscriptionRecord ToSubscription(BsonDocument doc) => new()
    {
        Topic = doc["topic"].AsString,
        UserId = doc["user"].AsInt64,
        Created = Time(doc["created"]),
        Updated = Time(doc["updated"]),
        Deleted = NullableTime(doc["deleted"]),
        Want = (AccessMode)doc["want"].AsInt32,
        Given = (AccessMode)doc["given"].AsInt32,
        ReadSeq = doc["readSeq"].AsInt64,
        RecvSeq = doc["recvSeq"].AsInt64,
        DelId = doc["delId"].AsInt64,
        Private = Text(doc["private"]),
    };

    public static BsonDocument FromMessage(string topic, long seq, MessageDraft draft) => new()
    {
        ["_id"] = LiteDbCollections.MessageKey(topic, seq),
        ["seq"] = seq,
        ["from"] = draft.From,
        ["ts"] = UnixTime.ToMs(draft.Ts),
        ["head"] = Text(draft.Head),
        ["content"] = draft.Content,
    };

    public static StoredMessage ToMessage(string topic, BsonDocument doc)
        => new(topic, doc["seq"].AsInt64, doc["from"].AsInt64, Time(doc["ts"]), Text(doc["head"]), Text(doc["content"]));

    public static BsonDocument FromDeletion(string topic, long delId, long? forUser, IReadOnlyList<SeqRange> ranges) => new()
    {
        ["_id"] = LiteDbCollections.DeletionKey(topic, delId),
        ["delId"] = delId,
        ["forUser"] = forUser is { } user ? new BsonValue(user) : BsonValue.Null,
        ["ranges"] = new BsonArray(ranges.Select(r => (BsonValue)new BsonArray(new BsonValue(r.Low), new BsonValue(r.Hi)))),
    };

    public static DeletionRecord ToDeletion(string topic, BsonDocument doc)
    {
        var forUser = doc["forUser"];
        return new DeletionRecord(topic, doc["delId"].AsInt64, forUser.IsNull ? null : forUser.AsInt64, Ranges(doc));
    }

    public static BsonDocument FromIdempotencyKey(string topic, long seq, MessageDraft draft) => new()
    {
        ["_id"] = LiteDbCollections.IdempotencyKey(topic, draft.From, draft.IdempotencyKey!),
        ["seq"] = seq,
        ["ts"] = UnixTime.ToMs(draft.Ts),
    };

    public static BsonDocument FromOutbox(string topic, long seq, DateTime dueAt) => new()
    {
        ["_id"] = LiteDbCollections.MessageKey(topic, seq),
        ["topic"] = topic,
        ["seq"] = seq,
        ["attempts"] = 0,
        ["dueAt"] = UnixTime.ToMs(dueAt),
    };

    public static OutboxEntry ToOutboxEntry(BsonDocument entry, BsonDocument message) => new(
        entry["topic"].AsString,
        entry["seq"].AsInt64,
        message["from"].AsInt64,
        Time(message["ts"]),
        Text(message["head"]),
        message["content"].AsString,
        entry["attempts"].AsInt32,
        Time(entry["dueAt"]));

    public static List<SeqRange> Ranges(BsonDocument deletion)
        => [.. deletion["ranges"].AsArray.Select(r => new SeqRange(r.AsArray[0].AsInt64, r.AsArray[1].AsInt64))];

    private static BsonValue Text(string? value) => value is null ? BsonValue.Null : new BsonValue(value);

    private static string? Text(BsonValue value) => value.IsNull ? null : value.AsString;

    private static BsonValue Time(DateTime? value) => value is { } v ? new BsonValue(UnixTime.ToMs(v)) : BsonValue.Null;

    private static DateTime Time(BsonValue value) => UnixTime.FromMs(value.AsInt64);

    private static DateTime? NullableTime(BsonValue value) => value.IsNull ? null : UnixTime.FromMs(value.AsInt64);

    private static BsonArray Tags(IReadOnlyList<string> tags) => new(tags.Select(t => new BsonValue(t)));

    private static List<string> Tags(BsonValue value) => value.IsArray ? [.. value.AsArray.Select(t => t.AsString)] : [];
}
